/**
 * The Studio page's view of the lake (ADR 0012): the lake on the page's own host name (so the
 * session cookie applies), its sign-in page, and listen streams rotated over the lake's extra ports.
 */

import { forgetStoredToken, lakeApiHostFor, signInUrlFor } from '@/lib/studio/lake-session'
import { listenHostFor } from '@/lib/studio/listen-hosts'

describe('lakeApiHostFor', () => {
  it('uses the page host name for a loopback lake, keeping the lake port', () => {
    expect(lakeApiHostFor('http://localhost:3030', { hostname: '127.0.0.1' })).toBe('http://127.0.0.1:3030')
    expect(lakeApiHostFor('http://localhost:3030', { hostname: 'localhost' })).toBe('http://localhost:3030')
    expect(lakeApiHostFor('http://localhost:3030', { hostname: '[::1]' })).toBe('http://[::1]:3030')
  })

  it('leaves a lake on another host alone, and never follows a page on a non-loopback host', () => {
    expect(lakeApiHostFor('http://localhost:3030', { hostname: 'evil.example' })).toBe('http://localhost:3030')
    expect(lakeApiHostFor('https://lake.internal:8443', { hostname: 'localhost' })).toBe('https://lake.internal:8443')
  })
})

describe('signInUrlFor', () => {
  it("is the lake's sign-in page, returning to the Studio URL", () => {
    expect(signInUrlFor('http://localhost:3030')).toBe('http://localhost:3030/auth/sign-in')
    expect(signInUrlFor('http://localhost:3030', 'http://localhost:3000/studio/structure')).toBe(
      'http://localhost:3030/auth/sign-in?origin=http%3A%2F%2Flocalhost%3A3000%2Fstudio%2Fstructure',
    )
  })
})

describe('listenHostFor', () => {
  it('rotates over the extra ports on the same host name', () => {
    const ports = [41001, 41002, 41003]
    expect([0, 1, 2, 3].map((i) => listenHostFor('http://127.0.0.1:3030', i, ports))).toEqual([
      'http://127.0.0.1:41001',
      'http://127.0.0.1:41002',
      'http://127.0.0.1:41003',
      'http://127.0.0.1:41001',
    ])
  })

  it('is null without ports or with an API host that is not a URL', () => {
    expect(listenHostFor('http://localhost:3030', 0, [])).toBeNull()
    expect(listenHostFor('not a url', 0, [1])).toBeNull()
  })
})

describe('forgetStoredToken', () => {
  it("removes the token an earlier token sign-in left in storage, and survives storage that throws", () => {
    const store = new Map([['__studio_auth_token_local', '{"token":"x"}'], ['other', '1']])
    forgetStoredToken({ removeItem: (key) => void store.delete(key) }, 'local')
    expect([...store.keys()]).toEqual(['other'])
    expect(() => forgetStoredToken({ removeItem: () => { throw new Error('denied') } }, 'local')).not.toThrow()
  })
})
