/**
 * What the front door does with article, section and image URLs before Next sees them
 * (issue 12, rows 5–8): the decision table with fake slug checks, then lib/routing/front-door.ts
 * itself against a seeded lake and against one that does not answer.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { PublishedSlugCheck, SlugAnswer } from '@/lib/content/published-slugs'
import { decideContentUrl, isValidSectionSlug, type ContentUrlChecks } from '@/lib/routing/content-urls'
import { isDraftModeCookie } from '@/lib/routing/draft-mode-cookie'
import { plainErrorPage } from '@/lib/routing/plain-error-page'
import { frontDoor, type FrontDoorAnswer } from '@/lib/routing/front-door'
import { frontDoorRequest } from '../support/front-door-request'
import { startSeededLakeForSuite } from '../support/seeded-lake'

const SEEDED_SLUG = 'turkey-erdogan-putin-to-meet-in-moscow-this-week-for-syria-talks'

/** Checks that answer from a table and record what they were asked. */
function fakeChecks(answers: Record<string, SlugAnswer | Error>) {
  const asked: string[] = []
  const check = (type: string): PublishedSlugCheck => ({
    check: async (slug) => {
      asked.push(`${type}:${slug}`)
      const answer = answers[`${type}:${slug}`] ?? 'unknown'
      if (answer instanceof Error) throw answer
      return answer
    },
    forget: () => undefined,
    knownCount: 0,
  })
  const checks: ContentUrlChecks = { article: check('article'), section: check('section') }
  return { checks, asked }
}

describe('decideContentUrl', () => {
  const noFailure = () => {
    throw new Error('no check should fail here')
  }

  it.each([
    ['/articles/%ff', 'malformed percent-encoding'],
    ['/articles/%E2%82', 'malformed percent-encoding'],
    ['/articles/%', 'malformed percent-encoding'],
    ['/articles/ok/%ff', 'malformed percent-encoding'],
    ['/sections/%ff', 'malformed percent-encoding'],
    [`/articles/${'a'.repeat(300)}`, 'not a valid slug'],
    [`/articles/${'a'.repeat(97)}`, 'not a valid slug'],
    [`/sections/${'a'.repeat(61)}`, 'not a valid slug'],
    ['/articles/Upper-Case', 'not a valid slug'],
    ['/articles/double--hyphen', 'not a valid slug'],
    ['/articles/a%2Fb', 'not a valid slug'],
    ['/articles/caf%C3%A9', 'not a valid slug'],
  ])('%s is a 404 before any check (%s)', async (pathname, reason) => {
    const { checks, asked } = fakeChecks({})
    expect(await decideContentUrl(pathname, checks, noFailure)).toEqual({ action: 'not-found', reason })
    expect(asked).toEqual([])
  })

  it('checks a valid slug, decoded as Next decodes route params', async () => {
    const { checks, asked } = fakeChecks({ 'article:abc': 'published', 'section:middle-east': 'published' })
    expect(await decideContentUrl('/articles/%61bc', checks, noFailure)).toEqual({ action: 'render' })
    expect(await decideContentUrl('/sections/middle-east', checks, noFailure)).toEqual({ action: 'render' })
    expect(await decideContentUrl(`/articles/${'a'.repeat(96)}`, checks, noFailure)).toEqual({ action: 'not-found', reason: 'no published article with this slug' })
    expect(await decideContentUrl(`/sections/${'a'.repeat(60)}`, checks, noFailure)).toEqual({ action: 'not-found', reason: 'no published section with this slug' })
    expect(asked).toEqual(['article:abc', 'section:middle-east', `article:${'a'.repeat(96)}`, `section:${'a'.repeat(60)}`])
  })

  it('passes too many waiting checks on as busy, and a failed check as unavailable (reported)', async () => {
    const failures: unknown[] = []
    const { checks } = fakeChecks({ 'article:busy': 'busy', 'article:down': new Error('lake down') })
    expect(await decideContentUrl('/articles/busy', checks, noFailure)).toEqual({ action: 'busy' })
    expect(await decideContentUrl('/articles/down', checks, (error) => failures.push(error))).toEqual({ action: 'unavailable' })
    expect(failures).toEqual([new Error('lake down')])
  })

  it('renders a valid unpublished slug in draft mode without asking', async () => {
    const { checks, asked } = fakeChecks({})
    expect(await decideContentUrl('/articles/draft-only', checks, noFailure, { draft: true })).toEqual({ action: 'render' })
    expect(await decideContentUrl('/articles/%ff', checks, noFailure, { draft: true })).toEqual({ action: 'not-found', reason: 'malformed percent-encoding' })
    expect(asked).toEqual([])
  })

  it('leaves other paths to the router (which has no page to render for them)', async () => {
    const { checks, asked } = fakeChecks({})
    for (const pathname of ['/articles', '/articles/a/b', '/media/images/local/production/x.png']) {
      expect(await decideContentUrl(pathname, checks, noFailure)).toEqual({ action: 'render' })
    }
    expect(await decideContentUrl('/media/images/%ff', checks, noFailure)).toEqual({ action: 'bad-request', reason: 'malformed percent-encoding' })
    expect(asked).toEqual([])
  })

  it('section slugs follow the slug alphabet and the 60-character limit', () => {
    expect(isValidSectionSlug('middle-east')).toBe(true)
    expect(isValidSectionSlug('a'.repeat(61))).toBe(false)
    expect(isValidSectionSlug('Middle-East')).toBe(false)
  })
})

describe('plainErrorPage', () => {
  it('says what happened in plain HTML (no scripts), with Retry-After', () => {
    const page = plainErrorPage('unavailable')
    expect(page.status).toBe(503)
    expect(page.headers['retry-after']).toBe('5')
    expect(page.html).toMatch(/<body>[\s\S]*<h1>This page could not be loaded<\/h1>[\s\S]*<a href="\/">/)
    expect(page.html).not.toContain('<script')
    expect(plainErrorPage('busy').html).toContain('<h1>The site is busy</h1>')
  })
})

describe('the front door against the seeded lake', () => {
  startSeededLakeForSuite('unknown-urls')
  const call = (pathname: string, headers: Record<string, string> = {}) => frontDoor(frontDoorRequest(pathname, headers))
  const rewrittenTo = (answer: FrontDoorAnswer) => (answer.action === 'rewrite' ? answer.pathname : null)

  it('lets published articles and sections through to their pages', async () => {
    for (const pathname of [`/articles/${SEEDED_SLUG}`, '/sections/middle-east']) {
      expect((await call(pathname)).action).toBe('pass')
    }
  })

  it('rewrites unknown, invalid and malformed slugs to the 404 page', async () => {
    for (const pathname of ['/articles/no-such-story', `/articles/${'a'.repeat(300)}`, '/articles/%ff', '/sections/nowhere']) {
      expect(rewrittenTo(await call(pathname))).toBe('/_unknown-url')
    }
  })

  it('does not take a forged draft-mode cookie for draft mode', async () => {
    expect(rewrittenTo(await call('/articles/no-such-story', { cookie: '__prerender_bypass=forged-value-of-32-characters-xx' }))).toBe('/_unknown-url')
  })

  it('answers a malformed image path with a 400 in Sanity’s error shape', async () => {
    const answer = await call('/media/images/%ff')
    expect(answer).toMatchObject({ action: 'respond', status: 400 })
    expect(answer.action === 'respond' && JSON.parse(answer.body ?? '')).toEqual({ error: { type: 'validationError', description: 'Bad request: malformed percent-encoding' } })
  })
})

describe('isDraftModeCookie', () => {
  const distDir = fs.mkdtempSync(path.join(os.tmpdir(), 'draft-cookie-'))
  const id = 'a1b2c3d4e5f60718293a4b5c6d7e8f90'
  fs.writeFileSync(path.join(distDir, 'prerender-manifest.json'), JSON.stringify({ preview: { previewModeId: id } }))
  afterAll(() => fs.rmSync(distDir, { recursive: true, force: true }))

  it('accepts only the build’s preview id', () => {
    expect(isDraftModeCookie(id, distDir)).toBe(true)
    expect(isDraftModeCookie(`${id.slice(0, -1)}1`, distDir)).toBe(false)
    expect(isDraftModeCookie('short', distDir)).toBe(false)
    expect(isDraftModeCookie(undefined, distDir)).toBe(false)
  })

  it('accepts nothing without a build', () => {
    expect(isDraftModeCookie(id, path.join(distDir, 'missing'))).toBe(false)
  })
})

describe('the front door when the content service does not answer', () => {
  const saved = { ...process.env }
  afterAll(() => {
    process.env = saved
  })

  it('answers an unchecked slug with the 503 page', async () => {
    delete process.env.SANITY_PROJECT_ID
    // A port nothing listens on: connection refused.
    process.env.LAKE_URL = 'http://127.0.0.1:1'
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    const answer = await frontDoor(frontDoorRequest('/articles/some-story-nobody-checked'))
    expect(answer).toMatchObject({ action: 'respond', status: 503, headers: { 'retry-after': '5' } })
    expect(answer.action === 'respond' && answer.body).toContain('This page could not be loaded')
    expect(error.mock.calls.map((args) => String(args[0]))).toEqual([expect.stringMatching(/^\[front-door\] could not check a slug with the content service: /)])
    error.mockRestore()
  })
})
