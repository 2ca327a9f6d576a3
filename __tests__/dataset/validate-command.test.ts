/**
 * `npm run content -- validate`: passes on the seed, fails with a non-zero exit and a message
 * naming document id and field path on broken files.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { readNdjson, REPO_ROOT, runContentCli, SEED_FILE, type TsxResult } from './run-tsx'

jest.setTimeout(180_000)

const STORY_ID = 'article-erdogan-putin-moscow-talks'
const seed = readNdjson(SEED_FILE)
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'content-validate-'))
fs.symlinkSync(path.join(REPO_ROOT, 'content/images'), path.join(tmp, 'images'))

/** Writes a variant of the seed (documents transformed, optional raw lines appended) and validates it. */
function validateVariant(name: string, transform: (docs: Array<Record<string, any>>) => Array<Record<string, any>>, extraLines: string[] = []) {
  const file = path.join(tmp, `${name}.ndjson`)
  const docs = transform(structuredClone(seed))
  fs.writeFileSync(file, [...docs.map((doc) => JSON.stringify(doc)), ...extraLines].join('\n') + '\n')
  return runContentCli(['validate', file])
}

const results: Record<string, TsxResult> = {}
const withStory = (docs: Array<Record<string, any>>, change: (story: Record<string, any>) => void) =>
  docs.map((doc) => {
    if (doc._id === STORY_ID) change(doc)
    return doc
  })

beforeAll(async () => {
  const runs: Record<string, Promise<TsxResult>> = {
    seed: runContentCli(['validate']),
    missingHeadline: validateVariant('missing-headline', (docs) => withStory(docs, (story) => delete story.headline)),
    missingSpanText: validateVariant('missing-span-text', (docs) => withStory(docs, (story) => delete story.body[3].children[0].text)),
    badReference: validateVariant('bad-reference', (docs) => withStory(docs, (story) => (story.section._ref = 'section-nowhere'))),
    duplicateId: validateVariant('duplicate-id', (docs) => [...docs, { ...docs.find((doc) => doc._id === 'agency-afp') }]),
    malformedLine: validateVariant('malformed-line', (docs) => docs, ['{"_id": "agency-broken", "_type": "agency",']),
    duplicateSlug: validateVariant('duplicate-slug', (docs) =>
      docs.map((doc) => (doc._id === 'article-putin-tass-no-plan-for-war' ? { ...doc, slug: { _type: 'slug', current: 'turkey-full-military-operation-in-idlib' } } : doc)),
    ),
    missingImage: validateVariant('missing-image', (docs) =>
      withStory(docs, (story) => (story.leadFigure._sanityAsset = 'image@file://./images/not-there.png')),
    ),
  }
  await Promise.all(Object.entries(runs).map(async ([name, run]) => (results[name] = await run)))
})

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

describe('content validate', () => {
  it('passes on the seed (default file) with a summary by type', () => {
    expect(results.seed.code).toBe(0)
    expect(results.seed.stderr).toMatch(/12 documents/)
    expect(results.seed.stderr).toMatch(/article: 5/)
    expect(results.seed.stderr).toMatch(/0 error\(s\)/)
  })

  it('fails on a missing headline, naming id and path', () => {
    expect(results.missingHeadline.code).not.toBe(0)
    expect(results.missingHeadline.stderr).toContain(`${STORY_ID}: headline: Required`)
  })

  it('names the full path of a nested problem', () => {
    expect(results.missingSpanText.code).not.toBe(0)
    expect(results.missingSpanText.stderr).toMatch(new RegExp(`${STORY_ID}: body\\[3\\]\\.children\\[0\\]\\.text: `))
  })

  it('fails on a reference that does not resolve in the file', () => {
    expect(results.badReference.code).not.toBe(0)
    expect(results.badReference.stderr).toContain(`${STORY_ID}: section: Reference to "section-nowhere" does not resolve in this file`)
  })

  it('fails on a duplicate _id, naming both lines', () => {
    expect(results.duplicateId.code).not.toBe(0)
    expect(results.duplicateId.stderr).toMatch(/agency-afp: _id: Duplicate _id: also on line \d+ \(line 13\)/)
  })

  it('fails on a malformed line, naming the line number', () => {
    expect(results.malformedLine.code).not.toBe(0)
    expect(results.malformedLine.stderr).toMatch(/line 13: malformed JSON/)
  })

  it('fails on a slug used twice by the same type (Sanity’s own uniqueness rule)', () => {
    expect(results.duplicateSlug.code).not.toBe(0)
    expect(results.duplicateSlug.stderr).toMatch(/article-putin-tass-no-plan-for-war: slug: .*(already in use|not unique)/i)
  })

  it('fails when a _sanityAsset file is missing', () => {
    expect(results.missingImage.code).not.toBe(0)
    expect(results.missingImage.stderr).toContain(`${STORY_ID}: leadFigure._sanityAsset: asset file not found`)
  })
})
