/**
 * Hostile input: every malformed request gets a precise 4xx in the lake's error shape (never a
 * 500, a hang or an open stream), and a rejected mutation leaves the stored state untouched.
 * Driven over HTTP with plain fetch, the way a broken or malicious client would.
 */

import fs from 'node:fs'
import path from 'node:path'
import sharp from 'sharp'
import { startLakeServer, type RunningLakeServer } from '../../lib/lake'
import { expectLakeError, fetchJson, FIXTURES_DIR, makeTempDir, removeDir, TOKEN } from './helpers'

let lake: RunningLakeServer
let dataDir: string
let api: string
const auth = { authorization: `Bearer ${TOKEN}` }
const enc = encodeURIComponent

beforeAll(async () => {
  dataDir = makeTempDir()
  lake = await startLakeServer({ dataDir, port: 0, token: TOKEN, seedDir: FIXTURES_DIR, queryTimeoutMs: 300, log: () => undefined })
  api = `${lake.url}/v2025-02-19`
})

afterAll(async () => {
  await lake?.close()
  removeDir(dataDir)
})



const mutateRaw = (body: string) =>
  fetchJson(`${api}/data/mutate/production`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body })
const mutate = (mutations: unknown) => mutateRaw(JSON.stringify({ mutations }))
const query = (qs: string, headers: Record<string, string> = auth) => fetchJson(`${api}/data/query/production?${qs}`, { headers })
const postQuery = (body: unknown) =>
  fetchJson(`${api}/data/query/production`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(body) })

/** Every stored document with its revision: the state a rejected request must not change. */
async function snapshot(): Promise<string> {
  const { body } = await query(`query=${enc('*{_id, _rev}')}&perspective=raw`)
  return JSON.stringify(body.result)
}


describe('mutations that used to crash, corrupt or silently no-op', () => {
  let before: string
  beforeAll(async () => {
    expect((await mutate([{ createOrReplace: { _id: 'hostile', _type: 'probe', s: 'hello', n: 1, arr: [{ _key: 'a', v: 1 }] } }])).status).toBe(200)
    before = await snapshot()
  })
  afterEach(async () => expect(await snapshot()).toBe(before))

  it('rejects JSON nested deeper than the limit (was a 500 from a stack overflow)', async () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`
    expectLakeError(await mutateRaw(`{"mutations":[{"create":{"_type":"x","a":${deep}}}]}`), 400, 'mutationError', /nested deeper than 100/)
  })

  it('rejects numbers outside the double range (1e400 was stored as null)', async () => {
    expectLakeError(await mutateRaw('{"mutations":[{"create":{"_type":"x","n":1e400}}]}'), 400, 'mutationError', /create\.n is out of range/)
  })

  it.each([
    ['set "a["', { set: { 'a[': 1 } }],
    ['set "a b"', { set: { 'a b': 1 } }],
    ['unset "a["', { unset: ['a['] }],
    ['inc "n["', { inc: { 'n[': 1 } }],
    ['insert before "arr["', { insert: { before: 'arr[', items: [{ _key: 'b' }] } }],
    ['set "arr[_key=="', { set: { 'arr[_key==': 1 } }],
  ])('rejects the malformed patch path %s (the mutator applied a prefix of it)', async (_label, ops) => {
    const reply = await mutate([{ patch: { id: 'hostile', ...ops } }])
    expectLakeError(reply, 400, 'mutationError', /Malformed path/)
    expect(reply.body.error.items[0]).toMatchObject({ index: 0, error: { type: 'invalidPatchError' } })
  })

  it('still accepts the path forms Studio sends', async () => {
    const reply = await mutate([{ patch: { id: 'hostile', set: { 'arr[_key=="a"].v': 2, "['s']": 'x', 'o.p': 1 }, unset: ['arr[1:]'] } }])
    expect(reply.status).toBe(200)
    before = await snapshot()
  })

  it('rejects inc/dec on a non-number and diffMatchPatch on a non-string (were silent no-ops)', async () => {
    expectLakeError(await mutate([{ patch: { id: 'hostile', inc: { s: 1 } } }]), 400, 'mutationError', /"inc" to "s".*a string, not a number/)
    expectLakeError(await mutate([{ patch: { id: 'hostile', dec: { arr: 1 } } }]), 400, 'mutationError', /an array, not a number/)
    expectLakeError(await mutate([{ patch: { id: 'hostile', diffMatchPatch: { n: '@@ -1 +1 @@\n-1\n+2\n' } } }]), 400, 'mutationError', /a number, not a string/)
  })

  it('rejects unknown insert keys, bad delete shapes and bad _createdAt', async () => {
    expectLakeError(await mutate([{ patch: { id: 'hostile', insert: { after: 'arr[0]', items: [], position: 1 } } }]), 400, 'mutationError', /Unknown "insert" key/)
    expectLakeError(await mutate([{ delete: { query: 5 } }]), 400, 'mutationError', /"delete.query" must be a string/)
    expectLakeError(await mutate([{ delete: { query: '*[_id == $id]', params: 'x' } }]), 400, 'mutationError', /"delete.params" must be an object/)
    expectLakeError(await mutate([{ delete: { id: 'hostile', query: '*' } }]), 400, 'mutationError', /not both/)
    expectLakeError(await mutate([{ create: { _type: 'x', _createdAt: 5 } }]), 400, 'mutationError', /_createdAt must be an ISO 8601/)
    expectLakeError(await mutate([{ patch: { id: 'hostile', set: { _createdAt: 'yesterday' } } }]), 400, 'mutationError', /_createdAt/)
  })

  it('rejects malformed ids selected by a patch query instead of looking them up', async () => {
    expectLakeError(await mutate([{ patch: { query: '"a/b"', set: { x: 1 } } }]), 400, 'mutationError', /Malformed document ID: "a\/b"/)
  })
})

describe('queries and listen', () => {
  it('rejects invalid parameter names and values; $__proto__ is an ordinary parameter', async () => {
    expectLakeError(await query(`query=1&${enc('$a-b')}=1`), 400, 'queryParseError', /Invalid parameter name "a-b"/)
    expectLakeError(await query('query=%24x&%24x=1e400'), 400, 'queryParseError', /\$x: Number at the top level is out of range/)
    expectLakeError(await postQuery({ query: '$x', params: { $x: 1 } }), 400, 'queryParseError', /Invalid parameter name "\$x"/)
    expectLakeError(await postQuery({ query: 5 }), 400, 'queryParseError', /"query" must be a string/)
    expect((await query(`query=${enc('$__proto__')}&${enc('$__proto__')}=${enc('{"a":1}')}`)).body.result).toEqual({ a: 1 })
  })

  it('rejects deeply nested params in a POST body (was a 500 when echoing them)', async () => {
    const deep = `${'['.repeat(50000)}${']'.repeat(50000)}`
    const res = await fetchJson(`${api}/data/query/production`, {
      method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: `{"query":"$x","params":{"x":${deep}}}`,
    })
    expectLakeError(res, 400, 'queryParseError', /nested deeper than 100/)
  })

  it('stops a cross-join at the time limit with a 400 queryTimeout and keeps serving', async () => {
    let q = '*'
    for (let i = 0; i < 9; i++) q = `*[count(${q}) > 0]`
    const started = Date.now()
    expectLakeError(await postQuery({ query: `count(${q})` }), 400, 'queryTimeout', /time limit of 300 ms/)
    expect(Date.now() - started).toBeLessThan(3000)
    expect((await query(`query=${enc('count(*[_type == "section"])')}`)).body.result).toBe(2)
  })

  it('refuses absurdly nested GROQ before parsing (was a 500 or seconds of parser backtracking)', async () => {
    for (const q of ['['.repeat(5000) + ']'.repeat(5000), Array(20000).fill('1').join('+'), '*' + '|order(_id)'.repeat(5000)]) {
      const started = Date.now()
      expectLakeError(await postQuery({ query: q }), 400, 'queryParseError', /Query is too complex/)
      expect(Date.now() - started).toBeLessThan(1000)
    }
  })

  it('rejects a listen filter with a missing parameter instead of opening a stream that never matches', async () => {
    const res = await fetchJson(`${api}/data/listen/production?query=${enc('*[_id == $id]')}`, { headers: { accept: 'text/event-stream' } })
    expectLakeError(res, 400, 'queryParseError', /param \$id referenced, but not provided/)
  })
})

describe('paths, versions and the HTTP layer', () => {
  it('answers malformed percent-encoding in the dataset or image path with a 400 (was a 500)', async () => {
    expectLakeError(await fetchJson(`${api}/data/query/%E0%A4%A?query=1`), 400, 'validationError', /Malformed percent-encoding/)
    expectLakeError(await fetchJson(`${lake.url}/images/local/production/%E0%A4%A`), 400, 'validationError', /Malformed percent-encoding/)
  })

  it('validates the API version', async () => {
    for (const version of ['v99', 'vfoo', 'v2025-13-45', 'v2025-02-30']) {
      expectLakeError(await fetchJson(`${lake.url}/${version}/data/query/production?query=1`), 400, 'invalidApiVersion', /expected vYYYY-MM-DD/)
    }
    expectLakeError(await fetchJson(`${lake.url}/data/query/production?query=1`), 404, 'notFound', /start with \/v\{apiVersion\}/)
    expect((await fetchJson(`${lake.url}/lake/v2021-06-07/data/query/production?query=1`)).status).toBe(200)
    expect((await fetchJson(`${lake.url}/vX/data/query/production?query=1`)).status).toBe(200)
  })

  it('answers a URL over the header limit with a JSON 431 that says to POST', async () => {
    const res = await fetchJson(`${api}/data/query/production?query=${enc(`"${'a'.repeat(40000)}"`)}`)
    expectLakeError(res, 431, 'requestTooLarge', /POST/)
  })
})

describe('images', () => {
  let imageUrl: string
  beforeAll(async () => {
    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#336699' } }).png().toBuffer()
    const res = await fetchJson(`${api}/assets/images/production`, { method: 'POST', headers: auth, body: png })
    imageUrl = res.body.document.url
  })

  it.each(['dpr=abc', 'dpr=9', 'w=0x10', 'w=%2010', 'h=1e3', 'bg=12345', 'fp-x=0x1'])('rejects %s', async (qs) => {
    expectLakeError(await fetchJson(`${imageUrl}?${qs}`), 400, 'imageParameterError')
  })

  it('rejects a truncated upload that has a valid header (was stored, then a 500 on every view)', async () => {
    const png = await sharp({ create: { width: 200, height: 200, channels: 3, background: '#ff0000' } }).png({ compressionLevel: 0 }).toBuffer()
    const before = await snapshot()
    const res = await fetchJson(`${api}/assets/images/production`, { method: 'POST', headers: auth, body: png.subarray(0, png.length >> 1) })
    expectLakeError(res, 400, 'assetError', /truncated or corrupt/)
    expect(await snapshot()).toBe(before)
  })

  it('serves a corrupt stored original as a 422, not a 500', async () => {
    const name = `${'e'.repeat(40)}-10x10.png`
    const good = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#000' } }).png({ compressionLevel: 0 }).toBuffer()
    fs.writeFileSync(path.join(dataDir, 'assets', 'images', name), good.subarray(0, good.length - 40))
    // Authenticated: anonymous readers get a 404 for an asset no published document uses.
    expectLakeError(await fetchJson(`${lake.url}/images/local/production/${name}?w=5`, { headers: auth }), 422, 'imageDecodeError')
  })
})
