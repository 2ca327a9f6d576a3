/**
 * Strict check of patch paths (Sanity's JSONMatch subset). @sanity/mutator's own parser stops at
 * the first token it does not understand and applies the prefix: `set: {"a[": 1}` would set
 * `a` to `{}` and `"a b"` would set `a`. This recogniser mirrors its grammar but demands the
 * whole path be consumed, so such patches are a 400 instead of a silent, different write.
 *
 *   path      := head ( '.' attribute | union )* recursive?
 *   head      := attribute | union | recursive
 *   union     := '[' term ( ',' term )* ']'
 *   term      := filter | path | slice
 *   filter    := ( attribute | '@' | '$' ) ( '?' | comparator literal )
 *   slice     := number | number? ':' number? ( ':' number )?
 *   recursive := '..' path
 */

type Token =
  | { t: 'ident'; v: string }
  | { t: 'num' }
  | { t: 'str'; quote: '"' | "'" }
  | { t: 'sym'; v: string }

const SYMBOLS = ['..', '.', ',', ':', '?', '>=', '<=', '!=', '==', '<', '>', '$', '@', '[', ']']
const COMPARATORS = new Set(['>=', '<=', '!=', '==', '<', '>'])

function tokenize(path: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < path.length) {
    const c = path[i]
    if (c === ' ') { i++; continue }
    const rest = path.slice(i)
    const ident = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(rest)
    if (ident) { tokens.push({ t: 'ident', v: ident[0] }); i += ident[0].length; continue }
    const num = /^-?[0-9]+(\.[0-9]+)?/.exec(rest)
    if (num) { tokens.push({ t: 'num' }); i += num[0].length; continue }
    if (c === '"' || c === "'") {
      let j = i + 1
      while (j < path.length && path[j] !== c) j += path[j] === '\\' ? 2 : 1
      if (j >= path.length) throw new Error(`unterminated string at ${i}`)
      tokens.push({ t: 'str', quote: c })
      i = j + 1
      continue
    }
    const sym = SYMBOLS.find((s) => rest.startsWith(s))
    if (!sym) throw new Error(`unexpected character "${c}" at ${i}`)
    tokens.push({ t: 'sym', v: sym })
    i += sym.length
  }
  return tokens
}

class Recogniser {
  private i = 0
  constructor(private readonly tokens: Token[]) {}

  run(): void {
    if (!this.path()) throw new Error('empty or invalid path')
    if (this.i < this.tokens.length) throw new Error(`unexpected token ${this.describe(this.tokens[this.i])}`)
  }

  private describe(token: Token): string {
    return token.t === 'ident' || token.t === 'sym' ? `"${token.v}"` : token.t === 'num' ? 'number' : 'string'
  }
  private peekSym(v: string): boolean {
    const tok = this.tokens[this.i]
    return tok?.t === 'sym' && tok.v === v
  }
  private sym(v: string): boolean {
    if (!this.peekSym(v)) return false
    this.i++
    return true
  }
  private attribute(): boolean {
    const tok = this.tokens[this.i]
    if ((tok?.t === 'ident' && tok.v !== 'true' && tok.v !== 'false') || (tok?.t === 'str' && tok.quote === "'")) {
      this.i++
      return true
    }
    return false
  }
  private number(): boolean {
    if (this.tokens[this.i]?.t !== 'num') return false
    this.i++
    return true
  }

  path(): boolean {
    if (!(this.attribute() || this.union() || this.recursive())) return false
    for (;;) {
      if (this.sym('.')) {
        if (!this.attribute()) throw new Error('expected an attribute name after "."')
      } else if (this.peekSym('[')) {
        this.union()
      } else {
        this.recursive()
        return true
      }
    }
  }

  private union(): boolean {
    if (!this.sym('[')) return false
    do {
      if (!this.term()) throw new Error('expected an index, slice, filter or path inside "[ ]"')
    } while (this.sym(','))
    if (!this.sym(']')) throw new Error('expected "]"')
    return true
  }

  private recursive(): boolean {
    if (!this.sym('..')) return false
    if (!this.path()) throw new Error('expected a path after ".."')
    return true
  }

  private term(): boolean {
    return this.filter() || this.path() || this.slice()
  }

  private filter(): boolean {
    const start = this.i
    if (!(this.attribute() || this.sym('@') || this.sym('$'))) return false
    if (this.sym('?')) return true
    const tok = this.tokens[this.i]
    if (tok?.t !== 'sym' || !COMPARATORS.has(tok.v)) {
      this.i = start
      return false
    }
    this.i++
    const lit = this.tokens[this.i]
    const literal = lit?.t === 'num' || (lit?.t === 'str' && lit.quote === '"') || (lit?.t === 'ident' && (lit.v === 'true' || lit.v === 'false'))
    if (!literal) throw new Error(`operator ${tok.v} needs a literal value on the right`)
    this.i++
    return true
  }

  private slice(): boolean {
    const from = this.number()
    if (!this.sym(':')) return from
    const to = this.number()
    if (this.sym(':') && !this.number()) throw new Error('expected a step after ":"')
    if (!from && !to) throw new Error('a slice needs a start or an end')
    return true
  }
}

/** Why a patch path is malformed, or null when it is a complete, valid path. */
export function patchPathProblem(path: unknown): string | null {
  if (typeof path !== 'string') return 'a path must be a string'
  if (path.trim() === '') return 'a path must not be empty'
  try {
    new Recogniser(tokenize(path)).run()
    return null
  } catch (err) {
    return (err as Error).message
  }
}
