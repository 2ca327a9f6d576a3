/**
 * Enters draft mode on the site the way Studio's Presentation does: a `sanity.previewUrlSecret`
 * document in the lake, then `/api/draft-mode/enable?sanity-preview-secret=…`. Returns the
 * Cookie header to send on later requests.
 */
import { randomBytes } from 'node:crypto'

export async function draftModeCookie(siteUrl: string, lakeUrl: string, token: string, pathname: string): Promise<string> {
  const secret = randomBytes(16).toString('hex')
  const id = `sanity-preview-url-secret.${randomBytes(6).toString('hex')}`
  const write = await fetch(`${lakeUrl}/v2025-02-19/data/mutate/production?visibility=sync`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ mutations: [{ createOrReplace: { _id: id, _type: 'sanity.previewUrlSecret', secret, source: 'bench', studioUrl: '/studio', userId: 'bench' } }] }),
    signal: AbortSignal.timeout(15_000),
  })
  if (!write.ok) throw new Error(`preview secret: ${write.status} ${await write.text()}`)
  const enable = await fetch(`${siteUrl}/api/draft-mode/enable?sanity-preview-secret=${secret}&sanity-preview-pathname=${encodeURIComponent(pathname)}`, {
    redirect: 'manual',
    signal: AbortSignal.timeout(15_000),
  })
  const cookies = enable.headers.getSetCookie().map((cookie) => cookie.split(';')[0])
  if (enable.status >= 400 || !cookies.some((cookie) => cookie.startsWith('__prerender_bypass='))) {
    throw new Error(`draft mode was not enabled: ${enable.status} ${cookies.join(', ')}`)
  }
  return cookies.join('; ')
}
