/**
 * /api/draft-mode/enable and /disable, the route handlers themselves against a real lake holding
 * `sanity.previewUrlSecret` documents (as Studio's Presentation tool writes them). Next's request
 * scope (`draftMode()`, `cookies()`) is stood in for by a recorder; the built site's real cookies
 * are checked over HTTP in browser-tests/preview-publish.test.ts.
 */
import { randomUUID } from 'node:crypto'
import { NextRequest } from 'next/server'
import { getRedirectStatusCodeFromError, getURLFromRedirectError } from 'next/dist/client/components/redirect'
import { isRedirectError } from 'next/dist/client/components/redirect-error'
import { startLakeForSuite } from '../support/seeded-lake'

const mockDraftMode = { isEnabled: false, enable: jest.fn(), disable: jest.fn() }
const mockCookies = new Map<string, string>()
jest.mock('next/headers', () => ({
  draftMode: async () => mockDraftMode,
  cookies: async () => ({
    get: (name: string) => (mockCookies.has(name) ? { name, value: mockCookies.get(name) } : undefined),
    set: ({ name, value }: { name: string; value?: string }) => mockCookies.set(name, value ?? ''),
    delete: ({ name }: { name: string }) => mockCookies.delete(name),
  }),
}))

import { GET as enable } from '@/app/api/draft-mode/enable/route'
import { GET as disable } from '@/app/api/draft-mode/disable/route'
import { isPreviewing } from '@/lib/content/fetch'
import { DRAFT_SESSION_COOKIE, verifyDraftSession } from '@/lib/routing/draft-session'
import { currentDraftSessionKey } from '@/lib/routing/draft-session-key'
import { SHARE_ACCESS_TTL_MS } from '@/lib/sanity/share-access'

const TOKEN = 'draft-mode-routes-token-0123456789abcdef'
const SITE = 'http://site.example'
const lake = startLakeForSuite('draft-mode-routes', { seedDir: null, token: TOKEN, serverToken: true })

beforeEach(() => {
  mockDraftMode.isEnabled = false
  mockDraftMode.enable.mockReset().mockImplementation(() => (mockDraftMode.isEnabled = true))
  mockDraftMode.disable.mockReset().mockImplementation(() => (mockDraftMode.isEnabled = false))
  mockCookies.clear()
})

/** A secret document like the one the Presentation tool writes, `ageMs` old (`_updatedAt` is the lake's clock). */
async function previewSecret(ageMs = 0): Promise<string> {
  const secret = randomUUID().replaceAll('-', '')
  const create = () => lake().store.mutate([{ create: { _id: `sanity-preview-url-secret.${randomUUID()}`, _type: 'sanity.previewUrlSecret', secret, studioUrl: `${SITE}/studio` } }])
  if (ageMs === 0) {
    await create()
    return secret
  }
  // Only Date moves back: the lake stamps `_updatedAt` with its own clock.
  jest.useFakeTimers({ now: Date.now() - ageMs, doNotFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate', 'nextTick', 'queueMicrotask', 'hrtime', 'performance'] })
  try {
    await create()
  } finally {
    jest.useRealTimers()
  }
  return secret
}

type Outcome = { status: number; location?: string }

/** Calls a route; next/navigation's `redirect()` throws its answer, which is read back here. */
async function call(route: (request: NextRequest) => Promise<Response>, pathAndQuery: string, headers: Record<string, string> = {}): Promise<Outcome> {
  try {
    const response = await route(new NextRequest(`${SITE}${pathAndQuery}`, { headers }))
    return { status: response.status, location: response.headers.get('location') ?? undefined }
  } catch (error) {
    if (!isRedirectError(error)) throw error
    return { status: getRedirectStatusCodeFromError(error), location: getURLFromRedirectError(error) }
  }
}

const enableUrl = (secret: string | null, pathname?: string) => {
  const query = new URLSearchParams()
  if (secret !== null) query.set('sanity-preview-secret', secret)
  if (pathname !== undefined) query.set('sanity-preview-pathname', pathname)
  return `/api/draft-mode/enable?${query}`
}

/** Where a Location header sends a browser that is on SITE. */
const resolved = (location: string | undefined) => new URL(location ?? '', `${SITE}/api/draft-mode/enable`)

describe('GET /api/draft-mode/enable', () => {
  it('a good secret enables draft mode and redirects to the path it names', async () => {
    const secret = await previewSecret()
    const outcome = await call(enable, enableUrl(secret, '/articles/some-story?x=1'))
    expect(outcome).toEqual({ status: 307, location: '/articles/some-story?x=1' })
    expect(mockDraftMode.enable).toHaveBeenCalledTimes(1)
  })

  it('a good secret without a path goes to the home page', async () => {
    const outcome = await call(enable, enableUrl(await previewSecret()))
    expect(outcome).toEqual({ status: 307, location: '/' })
  })

  it('a secret made 59 minutes ago still works', async () => {
    const outcome = await call(enable, enableUrl(await previewSecret(59 * 60_000), '/'))
    expect(outcome.status).toBe(307)
  })

  it.each([
    ['wrong', async () => 'not-the-secret-0123456789'],
    ['expired (61 minutes old)', () => previewSecret(61 * 60_000)],
    ['missing', async () => null],
    ['empty', async () => ''],
  ])('a secret that is %s gets 401 and leaves draft mode off', async (_name, secretFor) => {
    await previewSecret()
    const outcome = await call(enable, enableUrl(await secretFor(), '/articles/some-story'))
    expect(outcome.status).toBe(401)
    expect(outcome.location).toBeUndefined()
    expect(mockDraftMode.enable).not.toHaveBeenCalled()
    expect(mockCookies.size).toBe(0)
  })

  it.each(['//evil.example', '//evil.example/path', 'https://evil.example', '/\\evil.example', '\\\\evil.example', '/.//evil.example', '/..//evil.example/x', 'javascript:alert(1)'])(
    'never redirects off the site for %j',
    async (attempt) => {
      const outcome = await call(enable, enableUrl(await previewSecret(), attempt))
      expect(outcome.status).toBe(307)
      expect(resolved(outcome.location).origin).toBe(SITE)
      expect(outcome.location?.startsWith('/')).toBe(true)
      expect(outcome.location?.startsWith('//')).toBe(false)
    },
  )

  it('answers 503 in Sanity\'s error shape when the lake cannot be asked', async () => {
    process.env.LAKE_URL = 'http://127.0.0.1:9'
    try {
      const spy = jest.spyOn(console, 'error').mockImplementation(() => {})
      const outcome = await call(enable, enableUrl('any-secret-0123456789'))
      spy.mockRestore()
      expect(outcome.status).toBe(503)
    } finally {
      process.env.LAKE_URL = lake().url
    }
  })
})

describe('GET /api/draft-mode/disable', () => {
  it('leaves draft mode and returns to the same-origin path', async () => {
    mockDraftMode.isEnabled = true
    const outcome = await call(disable, '/api/draft-mode/disable?redirect=%2Farticles%2Fsome-story')
    expect(outcome).toEqual({ status: 303, location: '/articles/some-story' })
    expect(mockDraftMode.disable).toHaveBeenCalledTimes(1)
  })

  it('without a redirect, returns to the page the editor came from when it is this site, else home', async () => {
    const host = new URL(SITE).host
    const back = await call(disable, '/api/draft-mode/disable', { host, referer: `${SITE}/articles/some-story?x=1` })
    expect(back).toEqual({ status: 303, location: '/articles/some-story?x=1' })
    for (const referer of ['https://evil.example/articles/x', 'javascript:alert(1)', 'not a url', `${SITE.replace('http:', 'ftp:')}/x`]) {
      expect(await call(disable, '/api/draft-mode/disable', { host, referer })).toEqual({ status: 303, location: '/' })
    }
    expect(await call(disable, '/api/draft-mode/disable')).toEqual({ status: 303, location: '/' })
  })

  it.each(['//evil.example', 'https://evil.example', '/\\evil.example', '/.//evil.example'])('goes home instead of off the site for %j', async (attempt) => {
    const outcome = await call(disable, `/api/draft-mode/disable?redirect=${encodeURIComponent(attempt)}`)
    expect(outcome).toEqual({ status: 303, location: '/' })
  })
})

describe('draft sessions: Next\'s bypass cookie alone is not draft mode', () => {
  it('enable starts a signed session; draft content needs it besides Next\'s draft mode', async () => {
    expect((await call(enable, enableUrl(await previewSecret(), '/'))).status).toBe(307)
    const session = mockCookies.get(DRAFT_SESSION_COOKIE)
    expect(await verifyDraftSession(currentDraftSessionKey(), session)).not.toBeNull()
    expect(await isPreviewing()).toBe(true)
    // The bypass cookie read from the build, without a session (or with a forged one): no drafts.
    mockCookies.delete(DRAFT_SESSION_COOKIE)
    expect(await isPreviewing()).toBe(false)
    mockCookies.set(DRAFT_SESSION_COOKIE, `${'a'.repeat(22)}.${Date.now() + 60_000}.${'b'.repeat(43)}`)
    expect(await isPreviewing()).toBe(false)
  })

  it('disable revokes the session: a copy of the cookie no longer opens draft mode', async () => {
    expect((await call(enable, enableUrl(await previewSecret(), '/'))).status).toBe(307)
    const copied = mockCookies.get(DRAFT_SESSION_COOKIE)!
    expect((await call(disable, '/api/draft-mode/disable')).status).toBe(303)
    expect(mockCookies.has(DRAFT_SESSION_COOKIE)).toBe(false)
    expect(await verifyDraftSession(currentDraftSessionKey(), copied)).toBeNull()
    mockDraftMode.isEnabled = true
    mockCookies.set(DRAFT_SESSION_COOKIE, copied)
    expect(await isPreviewing()).toBe(false)
  })
})

describe("Presentation's share-access secret expires", () => {
  /** The share-access document as Presentation writes it, `ageMs` old. */
  async function shareAccessSecret(ageMs: number): Promise<string> {
    const secret = randomUUID().replaceAll('-', '')
    jest.useFakeTimers({ now: Date.now() - ageMs, doNotFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate', 'nextTick', 'queueMicrotask', 'hrtime', 'performance'] })
    try {
      await lake().store.mutate([
        { createOrReplace: { _id: 'sanity-preview-url-secret.share-access', _type: 'sanity.previewUrlShareAccess', secret, studioUrl: `${SITE}/studio` } },
      ])
    } finally {
      jest.useRealTimers()
    }
    return secret
  }

  it('works while younger than a day', async () => {
    expect((await call(enable, enableUrl(await shareAccessSecret(SHARE_ACCESS_TTL_MS - 60_000), '/'))).status).toBe(307)
  })

  it('gets 401, and no draft mode, once older than a day', async () => {
    const outcome = await call(enable, enableUrl(await shareAccessSecret(SHARE_ACCESS_TTL_MS + 60_000), '/'))
    expect(outcome.status).toBe(401)
    expect(mockDraftMode.enable).not.toHaveBeenCalled()
    expect(mockCookies.size).toBe(0)
  })
})
