/**
 * Editor sessions over the lake's HTTP API (issue 17, rows 5, 7, 8): sign in on the lake's own
 * page with a good / wrong / removed editor's token; the cookie's flags; the session accepted on
 * users/me, query, listen, draft images, the extra listen ports and the presence socket; CSRF
 * (Origin) and CORS; no open redirect; logout; a removed editor's session refused.
 */

import http from 'node:http'
import sharp from 'sharp'
import WebSocket from 'ws'
import type { RunningLakeServer } from '../../lib/lake'
import { SESSION_ENDED_MESSAGE, WRONG_TOKEN_MESSAGE } from '../../lib/lake/studio/sign-in'
import { lakeClient, removeDir, startTestLake, TOKEN, waitFor } from './helpers'
import { addEditor, apiUrl, openListen, readEventStream, request, type RawResponse } from './studio-support'

const STUDIO = 'http://localhost:3000'
const STUDIO_RETURN = `${STUDIO}/studio/structure`
const OTHER_LOCAL_APP = 'http://localhost:5173'

let lake: RunningLakeServer
let dataDir: string
let editor: ReturnType<typeof addEditor>

beforeAll(async () => {
  ;({ lake, dataDir } = await startTestLake({ seed: false, studioOrigins: [STUDIO, 'http://127.0.0.1:3000'] }))
  editor = addEditor(lake, 'Session Editor')
})

afterAll(async () => {
  await lake.close()
  removeDir(dataDir)
})

const lakeOrigin = () => lake.url
const signInUrl = (origin?: string) => `${lake.url}/auth/sign-in${origin ? `?origin=${encodeURIComponent(origin)}` : ''}`

function postSignIn(token: string, opts: { returnTo?: string; origin?: string } = {}): Promise<RawResponse> {
  const body = new URLSearchParams({ token, origin: opts.returnTo ?? STUDIO_RETURN }).toString()
  return new Promise((resolve, reject) => {
    // request() sends JSON; the sign-in form is urlencoded.
    const req = http.request(
      `${lake.url}/auth/sign-in`,
      { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: opts.origin ?? lakeOrigin() } },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) as unknown })
        })
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

/** Signs in with `token` and returns the cookie pair (`lake_session=…`) the browser would keep. */
async function signIn(token: string): Promise<string> {
  const response = await postSignIn(token)
  expect(response.status).toBe(303)
  const setCookie = response.headers['set-cookie']?.[0] ?? ''
  return setCookie.split(';')[0]
}

const withSession = (cookie: string, origin: string | null = STUDIO): Record<string, string> => ({ cookie, ...(origin ? { origin } : {}) })

describe('the sign-in page', () => {
  it('shows a script-free form for an allowed Studio origin and refuses any other return address', async () => {
    const page = await request(signInUrl(STUDIO_RETURN))
    expect(page.status).toBe(200)
    expect(page.headers['content-type']).toMatch(/text\/html/)
    expect(page.text).toContain('name="token"')
    expect(page.text).not.toMatch(/<script/i)
    expect(String(page.headers['content-security-policy'])).toMatch(/default-src 'none'/)
    expect(String(page.headers['content-security-policy'])).toMatch(/frame-ancestors 'none'/)

    for (const elsewhere of ['https://evil.example/studio', OTHER_LOCAL_APP, '//evil.example', 'javascript:alert(1)', `http://user:pw@localhost:3000/studio`]) {
      const refused = await request(signInUrl(elsewhere))
      expect({ elsewhere, status: refused.status }).toEqual({ elsewhere, status: 400 })
      expect(refused.text).not.toContain('name="token"')
    }
  })

  it('a good token: 303 back to the Studio with an HttpOnly, SameSite=Strict, host-only session cookie', async () => {
    const response = await postSignIn(editor.token)
    expect(response.status).toBe(303)
    expect(response.headers.location).toBe(STUDIO_RETURN)
    const [cookie] = response.headers['set-cookie'] ?? []
    expect(cookie).toMatch(/^lake_session=[A-Za-z0-9_-]{43};/)
    const flags = cookie.split(';').slice(1).map((flag) => flag.trim())
    expect(flags).toEqual(expect.arrayContaining(['Path=/', 'HttpOnly', 'SameSite=Strict', 'Max-Age=43200']))
    expect(flags.some((flag) => /^Domain=/i.test(flag))).toBe(false)
    // The session id is stored hashed: the table never holds the cookie's value.
    const value = cookie.split(';')[0].split('=')[1]
    const rows = lake.store.database.db.prepare('SELECT id_sha256 FROM studio_sessions').all() as { id_sha256: string }[]
    expect(rows.some((row) => row.id_sha256 === value)).toBe(false)
  })

  it('a wrong or removed token: 401 page with a plain message and no cookie', async () => {
    const wrong = await postSignIn('x'.repeat(43))
    expect(wrong.status).toBe(401)
    expect(wrong.text).toContain(WRONG_TOKEN_MESSAGE.slice(0, 40))
    expect(wrong.headers['set-cookie']).toBeUndefined()

    const removed = addEditor(lake, 'Removed Before Sign-in')
    removed.registry.remove(removed.id)
    const refused = await postSignIn(removed.token)
    expect(refused.status).toBe(401)
    expect(refused.headers['set-cookie']).toBeUndefined()
  })

  it('refuses a post from another page (login CSRF) and a return address off the Studio origins (open redirect)', async () => {
    const foreign = await postSignIn(editor.token, { origin: OTHER_LOCAL_APP })
    expect(foreign.status).toBe(403)
    expect(foreign.json()).toMatchObject({ error: { type: 'originNotAllowed' } })
    expect(foreign.headers['set-cookie']).toBeUndefined()

    const redirect = await postSignIn(editor.token, { returnTo: 'https://evil.example/' })
    expect(redirect.status).toBe(400)
    expect(redirect.headers.location).toBeUndefined()
    expect(redirect.headers['set-cookie']).toBeUndefined()
  })
})

describe('a signed-in session', () => {
  it('is the editor on users/me and auth/id, and a stranger cookie is anonymous', async () => {
    const cookie = await signIn(editor.token)
    const me = await request(apiUrl(lake, 'users/me'), { headers: withSession(cookie) })
    expect(me.status).toBe(200)
    expect(me.json()).toMatchObject({ id: editor.id, name: 'Session Editor' })
    expect((await request(apiUrl(lake, 'auth/id'), { headers: withSession(cookie) })).json()).toEqual({ id: editor.id })
    expect((await request(apiUrl(lake, 'users/me'), { headers: withSession('lake_session=' + 'A'.repeat(43)) })).status).toBe(401)
  })

  it('reads drafts in queries and listen streams, like a token', async () => {
    const cookie = await signIn(editor.token)
    await lakeClient(lake.url, { token: TOKEN }).createOrReplace({ _id: 'drafts.session-story', _type: 'probe', title: 'Draft only' })
    const query = apiUrl(lake, `data/query/production?query=${encodeURIComponent('*[_id == "drafts.session-story"][0].title')}&perspective=raw`)
    expect((await request(query, { headers: withSession(cookie) })).json()).toMatchObject({ result: 'Draft only' })
    expect((await request(query)).json()).toMatchObject({ result: null })

    const listenUrl = apiUrl(lake, `data/listen/production?query=${encodeURIComponent('*[_type == "probe"]')}&includeResult=false`)
    const events: string[] = []
    let stream: { close: () => void } | undefined
    await new Promise<void>((resolve, reject) => {
      stream = readEventStream(listenUrl, withSession(cookie), ({ type, data }) => {
        if (type === 'welcome') resolve()
        if (type === 'mutation' && data) events.push((JSON.parse(data) as { documentId: string }).documentId)
      }, reject)
    })
    const anonymous = await openListen(listenUrl)
    try {
      await lakeClient(lake.url, { token: TOKEN }).patch('drafts.session-story').set({ title: 'Edited' }).commit()
      await waitFor(() => events.includes('drafts.session-story'), 5000, 'the draft mutation on the session listen stream')
      expect(anonymous.events).toEqual([])
    } finally {
      stream?.close()
      anonymous.close()
    }
  })

  it('serves a draft-only image to the signed-in editor and 404 to anonymous readers', async () => {
    const cookie = await signIn(editor.token)
    const server = lakeClient(lake.url, { token: TOKEN })
    const png = await sharp({ create: { width: 10, height: 6, channels: 3, background: { r: 200, g: 10, b: 10 } } }).png().toBuffer()
    const asset = await server.assets.upload('image', png)
    await server.createOrReplace({ _id: 'drafts.session-image-story', _type: 'probe', picture: { _type: 'image', asset: { _type: 'reference', _ref: asset._id } } })
    // An <img> sends no Origin: the cookie alone is the editor's credential.
    const withCookie = await fetch(`${asset.url}?w=8`, { headers: { cookie } })
    expect(withCookie.status).toBe(200)
    expect(withCookie.headers.get('content-type')).toMatch(/^image\//)
    expect(withCookie.headers.get('cache-control')).toBe('private, no-store')
    expect((await fetch(`${asset.url}?w=8`)).status).toBe(404)
  })

  it('works on every extra listen port (same host, so the browser sends the same cookie)', async () => {
    const cookie = await signIn(editor.token)
    const ports = (await request(`${lake.url}/studio/listen-ports`)).json() as { ports: number[] }
    expect(ports.ports).toHaveLength(8)
    expect(new Set(ports.ports).size).toBe(8)
    const viaExtra = await request(`http://127.0.0.1:${ports.ports[3]}/v2025-02-19/users/me`, { headers: withSession(cookie) })
    expect(viaExtra.json()).toMatchObject({ id: editor.id })
    const listen = await openListen(`http://127.0.0.1:${ports.ports[5]}/v2025-02-19/data/listen/production?query=${encodeURIComponent('*')}`)
    listen.close()
  })

  it('authorises the presence socket from the upgrade cookie, with no token message', async () => {
    const cookie = await signIn(editor.token)
    const socketUrl = `${lake.url.replace(/^http/, 'ws')}/v2022-06-30/socket/production`
    const ws = new WebSocket(socketUrl, { headers: { cookie, origin: STUDIO } })
    const replies: unknown[] = []
    ws.on('message', (data) => replies.push(JSON.parse(data.toString()) as unknown))
    await new Promise((resolve) => ws.once('open', resolve))
    ws.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'presence_subscribe', params: {} }))
    await waitFor(() => replies.length > 0, 5000, 'the presence reply')
    expect(replies[0]).toMatchObject({ id: 1, result: expect.stringMatching(/^presence-/) })
    ws.close()

    const foreign = new WebSocket(socketUrl, { headers: { cookie, origin: OTHER_LOCAL_APP } })
    const status = await new Promise((resolve) => foreign.once('unexpected-response', (_req, res) => resolve(res.statusCode)))
    expect(status).toBe(403)
  })
})

describe('CSRF and CORS', () => {
  const mutate = (cookie: string, origin: string | null) =>
    request(apiUrl(lake, 'data/mutate/production'), {
      method: 'POST',
      headers: withSession(cookie, origin),
      body: { mutations: [{ createOrReplace: { _id: 'drafts.csrf-probe', _type: 'probe', title: origin ?? 'none' } }] },
    })

  it('a cookie write counts only from an allowed Studio origin; a foreign page or no Origin is refused', async () => {
    const cookie = await signIn(editor.token)
    const fromOther = await mutate(cookie, OTHER_LOCAL_APP)
    expect(fromOther.status).toBe(403)
    expect(fromOther.json()).toMatchObject({ error: { type: 'originNotAllowed' } })
    const noOrigin = await mutate(cookie, null)
    expect(noOrigin.status).toBe(403)
    expect((await mutate(cookie, STUDIO)).status).toBe(200)
    const actions = await request(apiUrl(lake, 'data/actions/production'), {
      method: 'POST',
      headers: withSession(cookie, OTHER_LOCAL_APP),
      body: { actions: [{ actionType: 'sanity.action.document.discard', draftId: 'drafts.csrf-probe' }] },
    })
    expect(actions.status).toBe(403)
  })

  it('CORS allows credentials for the Studio origins only', async () => {
    const preflight = (origin: string) =>
      request(apiUrl(lake, 'users/me'), { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'GET' } })
    const studio = await preflight(STUDIO)
    expect(studio.headers['access-control-allow-origin']).toBe(STUDIO)
    expect(studio.headers['access-control-allow-credentials']).toBe('true')
    const other = await preflight(OTHER_LOCAL_APP)
    expect(other.headers['access-control-allow-credentials']).toBeUndefined()
  })
})

describe('ending a session', () => {
  it('logout (Studio: POST /auth/logout) ends the session server-side and clears the cookie', async () => {
    const cookie = await signIn(editor.token)
    const foreign = await request(apiUrl(lake, 'auth/logout'), { method: 'POST', headers: withSession(cookie, OTHER_LOCAL_APP) })
    expect(foreign.status).toBe(403)
    const out = await request(apiUrl(lake, 'auth/logout'), { method: 'POST', headers: withSession(cookie) })
    expect(out.status).toBe(200)
    expect(out.headers['set-cookie']?.[0]).toMatch(/^lake_session=; .*Max-Age=0/)
    expect((await request(apiUrl(lake, 'users/me'), { headers: withSession(cookie) })).status).toBe(401)
    // Studio also logs out its (empty) token client: no cookie, still 200.
    expect((await request(apiUrl(lake, 'auth/logout'), { method: 'POST', headers: { origin: STUDIO } })).status).toBe(200)
  })

  it("a removed editor's session is refused at once, and the sign-in page says so in plain words", async () => {
    const leaving = addEditor(lake, 'Leaving Editor')
    const cookie = await signIn(leaving.token)
    expect((await request(apiUrl(lake, 'users/me'), { headers: withSession(cookie) })).status).toBe(200)
    leaving.registry.remove(leaving.id)
    expect((await request(apiUrl(lake, 'users/me'), { headers: withSession(cookie) })).status).toBe(401)
    const write = await request(apiUrl(lake, 'data/actions/production'), {
      method: 'POST',
      headers: withSession(cookie),
      body: { actions: [{ actionType: 'sanity.action.document.discard', draftId: 'drafts.x' }] },
    })
    expect(write.status).toBe(401)
    const page = await request(signInUrl(STUDIO_RETURN), { headers: { cookie } })
    expect(page.status).toBe(200)
    expect(page.text).toContain(SESSION_ENDED_MESSAGE.slice(0, 40))
    expect(page.headers['set-cookie']?.[0]).toMatch(/Max-Age=0/)
    expect(lake.store.database.db.prepare('SELECT COUNT(*) AS n FROM studio_sessions WHERE editor_id = ?').get(leaving.id)).toEqual({ n: 0 })
  })
})
