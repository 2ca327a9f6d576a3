/**
 * The Studio schema compiles the way Sanity compiles it: `validateSchema` + `groupProblems`
 * (what `createSchema` stores as `schema._validation`, and what makes Studio refuse to load)
 * report nothing, `Schema.compile` yields every type, each name is unique, and every reference
 * points at an existing document type. Sanity runs in a child process (see inspect-schema.ts).
 */
import path from 'node:path'
import { ISO_DATETIME_PATTERN } from '@/lib/content-rules'
import { runTsx } from '../dataset/run-tsx'

jest.setTimeout(120_000)

interface Inspection {
  problems: Array<{ path: string; severity: string; message: string }>
  studioValidation: Array<{ problems: Array<{ severity: string }> }>
  definedNames: string[]
  compiledNames: string[]
  studioNames: string[]
  documentTypes: string[]
  referenceTargets: Array<{ where: string; target: string }>
  articlePublishedAtInitialValue: unknown
}

let inspection: Inspection
let inspectedAt: number

beforeAll(async () => {
  inspectedAt = Date.now()
  const result = await runTsx(path.join(__dirname, 'inspect-schema.ts'))
  if (result.code !== 0) throw new Error(`inspect-schema.ts failed:\n${result.stderr}`)
  inspection = JSON.parse(result.stdout)
})

describe('schema', () => {
  it('has no schema problems at all (errors would stop Studio; warnings are reported too)', () => {
    expect(inspection.problems).toEqual([])
    const studioErrors = inspection.studioValidation.flatMap((group) => group.problems).filter((p) => p.severity === 'error')
    expect(studioErrors).toEqual([])
  })

  it('compiles with Schema.compile and with Studio’s createSchema, exposing every type', () => {
    expect(inspection.compiledNames).toEqual(inspection.definedNames)
    expect(inspection.studioNames).toEqual(inspection.definedNames)
  })

  it('uses every type name once', () => {
    const names = inspection.definedNames
    expect(names.filter((name, index) => names.indexOf(name) !== index)).toEqual([])
  })

  it('points every reference at an existing document type', () => {
    const documentTypes = new Set(inspection.documentTypes)
    expect(inspection.referenceTargets.length).toBeGreaterThan(0)
    expect(inspection.referenceTargets.filter(({ target }) => !documentTypes.has(target))).toEqual([])
  })

  it('has the document types the site relies on', () => {
    expect([...inspection.documentTypes].sort()).toEqual(
      ['agency', 'article', 'breakingNews', 'legalNotice', 'section', 'siteSettings'].sort(),
    )
  })

  it('starts a new story with "Published at" = now, in the form the date rule accepts', () => {
    const value = inspection.articlePublishedAtInitialValue
    expect(typeof value).toBe('string')
    expect(value).toMatch(ISO_DATETIME_PATTERN)
    expect(Date.parse(value as string)).toBeGreaterThanOrEqual(inspectedAt)
    expect(Date.parse(value as string)).toBeLessThanOrEqual(Date.now())
  })
})
