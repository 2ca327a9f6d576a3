/**
 * Every seed document passes Sanity's own validation of the Studio schema — `validateDocument`
 * from `sanity`, run in Node by the content CLI (required fields, min/max, custom rules, slug
 * uniqueness answered from the file) — plus the site's zod document models and the dataset checks.
 */
import { runContentCli, SEED_FILE } from '../dataset/run-tsx'

jest.setTimeout(120_000)

interface Report {
  documents: number
  countsByType: Record<string, number>
  errors: number
  warnings: number
  issues: Array<{ level: string; documentId?: string; path: string; message: string }>
  ok: boolean
}

let exitCode: number
let report: Report
let stderr: string

beforeAll(async () => {
  const result = await runContentCli(['validate', SEED_FILE, '--json'])
  exitCode = result.code
  stderr = result.stderr
  report = JSON.parse(result.stdout.trim().split('\n').pop() ?? '{}')
})

describe('seed dataset validation', () => {
  it('has no errors and no warnings', () => {
    expect(report.issues).toEqual([])
    expect(report.errors).toBe(0)
    expect(report.warnings).toBe(0)
    expect(report.ok).toBe(true)
    expect(exitCode).toBe(0)
  })

  it('checked every document, the zod models included', () => {
    expect(report.countsByType).toEqual({
      agency: 3,
      article: 5,
      breakingNews: 1,
      legalNotice: 1,
      section: 1,
      siteSettings: 1,
    })
    expect(report.documents).toBe(12)
    expect(stderr).toMatch(/12 documents/)
  })
})
