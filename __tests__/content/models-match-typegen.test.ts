/**
 * Runs the TypeScript compiler on typegen-assertions.ts: every query's zod model must produce
 * values of the type Sanity TypeGen generated for that query. Fails when a model, a query or the
 * schema changes without the others (fix the model, or run `npm run typegen`).
 */
import path from 'node:path'
import ts from 'typescript'

const root = path.resolve(__dirname, '../..')
const assertionsFile = path.join(__dirname, 'typegen-assertions.ts')

function compilerOptions(): ts.CompilerOptions {
  const configPath = ts.findConfigFile(root, ts.sys.fileExists, 'tsconfig.json')
  if (!configPath) throw new Error('tsconfig.json not found')
  const { config } = ts.readConfigFile(configPath, ts.sys.readFile)
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, root)
  return { ...parsed.options, noEmit: true, incremental: false, tsBuildInfoFile: undefined }
}

/** Diagnostics of `file` only (other files' problems belong to their own checks). */
function diagnosticsOf(file: string, virtual?: { file: string; text: string }): string[] {
  const options = compilerOptions()
  const host = ts.createCompilerHost(options)
  if (virtual) {
    const getSourceFile = host.getSourceFile.bind(host)
    const fileExists = host.fileExists.bind(host)
    host.fileExists = (name) => name === virtual.file || fileExists(name)
    host.getSourceFile = (name, languageVersion, ...rest) =>
      name === virtual.file ? ts.createSourceFile(name, virtual.text, languageVersion, true) : getSourceFile(name, languageVersion, ...rest)
  }
  const program = ts.createProgram({ rootNames: [file], options, host })
  const source = program.getSourceFile(file)
  if (!source) throw new Error(`${file} was not compiled`)
  return ts
    .getPreEmitDiagnostics(program, source)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n').split('\n')[0])
}

describe('query models match the TypeGen result types', () => {
  it('every z.infer<model> is assignable to its generated query result type', () => {
    expect(diagnosticsOf(assertionsFile)).toEqual([])
  }, 60_000)

  it('the check is not vacuous: a model that drifted from the query is reported', () => {
    const probe = path.join(__dirname, '__drift-probe__.ts')
    const text = `
      import type { z } from 'zod'
      import type { ArticleBySlugQueryResult } from '@/sanity.types'
      import type { articleResult } from '@/lib/content/article'
      type IsAssignable<A, B> = [A] extends [B] ? true : false
      type Assert<T extends true> = T
      // A model whose headline became a number, as if someone edited the model but not the query.
      type Drifted = Omit<z.infer<typeof articleResult>, 'headline'> & { headline: number }
      export type Check = Assert<IsAssignable<Drifted, ArticleBySlugQueryResult>>
    `
    const diagnostics = diagnosticsOf(probe, { file: probe, text })
    expect(diagnostics.join('\n')).toMatch(/does not satisfy the constraint 'true'/)
  }, 60_000)
})
