/**
 * A draft that fails validation, against a real seeded lake: in draft mode the editor gets its
 * problems field by field (and the drafts perspective through the server's token); outside draft
 * mode nothing changes — readers see the published story, or nothing for a draft-only one.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createClient, type SanityClient } from '@sanity/client'
import { startLakeServer, type RunningLakeServer } from '@/lib/lake'
import { articleProblems, getArticleBySlug, getArticleDraftProblems } from '@/lib/content/article'
import { previewAs, stopPreviewing } from '../support/draft-headers'
import { LEAD_ARTICLE_ID, LEAD_SLUG, seedDoc } from './seed'

jest.mock('next/headers', () => require('../support/draft-headers').draftHeaders)

const TOKEN = 'draft-problems-test-token-0123456789abcdef'
const DRAFT_ONLY_SLUG = 'draft-only-broken-story'
const savedEnv = { ...process.env }
let lake: RunningLakeServer
let dataDir: string
let editor: SanityClient

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'draft-problems-'))
  lake = await startLakeServer({ dataDir, port: 0, seedDir: 'content', token: TOKEN, log: () => undefined })
  delete process.env.SANITY_PROJECT_ID
  process.env.LAKE_URL = lake.url
  process.env.SANITY_API_TOKEN = TOKEN
  editor = createClient({ projectId: 'local', dataset: 'production', apiVersion: '2025-02-19', apiHost: lake.url, useProjectHostname: false, useCdn: false, token: TOKEN })
  const published = await editor.getDocument(LEAD_ARTICLE_ID)
  if (!published) throw new Error(`the seed has no ${LEAD_ARTICLE_ID}`)
  const { _rev: _ignoredRev, _updatedAt: _ignoredUpdatedAt, ...lead } = published
  await editor.createOrReplace({ ...lead, _id: `drafts.${LEAD_ARTICLE_ID}`, headline: '   ', corrections: [{ _key: 'c1', type: 'erratum', date: 'yesterday', text: 'x' }] })
  await editor.createOrReplace({
    _id: 'drafts.article-draft-only-broken',
    _type: 'article',
    headline: 'A story only in drafts',
    slug: { _type: 'slug', current: DRAFT_ONLY_SLUG },
    section: { _type: 'reference', _ref: 'section-middle-east' },
    body: [{ _type: 'block', _key: 'p1', style: 'normal', markDefs: [], children: [{ _type: 'span', _key: 's1', text: 'Text.', marks: [] }] }],
  })
}, 30_000)

afterAll(async () => {
  await lake?.close()
  fs.rmSync(dataDir, { recursive: true, force: true })
  process.env = savedEnv
})

let consoleError: jest.SpyInstance
beforeEach(() => {
  consoleError = jest.spyOn(console, 'error').mockImplementation(() => {})
})
afterEach(() => {
  consoleError.mockRestore()
  stopPreviewing()
})

describe('outside draft mode (readers)', () => {
  it('sees the published story and no problems list', async () => {
    const article = await getArticleBySlug(LEAD_SLUG)
    expect(article?.headline).toBe(seedDoc(LEAD_ARTICLE_ID).headline)
    await expect(getArticleDraftProblems(LEAD_SLUG)).resolves.toEqual([])
  })

  it('never sees a draft-only story, broken or not', async () => {
    await expect(getArticleBySlug(DRAFT_ONLY_SLUG)).resolves.toBeNull()
    await expect(getArticleDraftProblems(DRAFT_ONLY_SLUG)).resolves.toEqual([])
  })
})

describe('in draft mode (editors)', () => {
  it('a draft that cannot be shown lists every problem by field, instead of a 404', async () => {
    previewAs(TOKEN)
    await expect(getArticleBySlug(LEAD_SLUG)).resolves.toBeNull()
    const problems = await getArticleDraftProblems(LEAD_SLUG)
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: 'headline', message: 'a headline is required' },
        expect.objectContaining({ path: 'corrections[0].type' }),
        expect.objectContaining({ path: 'corrections[0].date' }),
      ]),
    )
  })

  it('a draft-only story without a publish date names the missing field', async () => {
    previewAs(TOKEN)
    await expect(getArticleBySlug(DRAFT_ONLY_SLUG)).resolves.toBeNull()
    const problems = await getArticleDraftProblems(DRAFT_ONLY_SLUG)
    expect(problems.map((problem) => problem.path)).toEqual(['publishedAt'])
  })

  it('a valid story lists only the broken draft it links to; an unknown slug has no problems', async () => {
    previewAs(TOKEN)
    // Its related stories include the lead story, whose draft (above) has no headline: that card is left out.
    await expect(getArticleDraftProblems('turkey-full-military-operation-in-idlib')).resolves.toEqual([
      { path: expect.stringMatching(/^related\[\d+\]\.headline$/), message: 'a headline is required' },
    ])
    await expect(getArticleDraftProblems('no-such-story')).resolves.toEqual([])
  })
})

describe('articleProblems', () => {
  it('names a body with figures but no text', () => {
    const figureOnly = { body: [{ _type: 'figure', _key: 'f1' }] }
    expect(articleProblems(figureOnly)).toEqual(expect.arrayContaining([{ path: 'body', message: 'the body has no text paragraphs' }]))
    expect(articleProblems(null)).toEqual([])
  })
})
