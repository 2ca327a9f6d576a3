/**
 * Limits on JSON values the lake accepts (request bodies, `$param` values, documents). Deeper
 * values would overflow the stack in structuredClone/JSON.stringify/groq-js (a 500), and
 * numbers outside the double range (`1e400`) parse to Infinity and would be stored as null.
 */

/** Maximum nesting of arrays/objects in one JSON value (documents rarely exceed ~15). */
export const MAX_JSON_DEPTH = 100

interface Frame {
  value: unknown
  depth: number
  key: string | number | null
  parent: Frame | null
}

function pathOf(frame: Frame): string {
  const keys: (string | number)[] = []
  for (let f: Frame | null = frame; f && f.key !== null; f = f.parent) keys.unshift(f.key)
  const path = keys.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('')
  return path.length > 120 ? `${path.slice(0, 120)}…` : path || 'the top level'
}

/** Why a parsed JSON value is not acceptable, or null. Iterative, so it cannot overflow itself. */
export function jsonValueProblem(value: unknown, maxDepth = MAX_JSON_DEPTH): string | null {
  const stack: Frame[] = [{ value, depth: 0, key: null, parent: null }]
  while (stack.length) {
    const frame = stack.pop()!
    const v = frame.value
    if (typeof v === 'number' && !Number.isFinite(v)) return `Number at ${pathOf(frame)} is out of range (must be a finite double)`
    if (typeof v !== 'object' || v === null) continue
    if (frame.depth >= maxDepth) return `JSON value is nested deeper than ${maxDepth} levels (at ${pathOf(frame)})`
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) stack.push({ value: v[i], depth: frame.depth + 1, key: i, parent: frame })
    } else {
      for (const key of Object.keys(v)) stack.push({ value: (v as Record<string, unknown>)[key], depth: frame.depth + 1, key, parent: frame })
    }
  }
  return null
}
