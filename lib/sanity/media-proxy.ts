import 'server-only'
import { readSanityEnv } from './env'
import { canonicalSiteImageQuery } from './image-variants'
import { serverTokenFor } from './lake-token'
import { readSettings } from './settings'
import { siteReaderToken } from './site-reader-token'

const FILE_NAME = /^[a-f0-9]{40}-(\d{1,5})x(\d{1,5})\.(?:jpg|jpeg|png|webp|gif|avif|svg)$/
const NAME = /^[a-z0-9][-\w]{0,63}$/
const FORWARDED_HEADERS = ['content-type', 'content-length', 'cache-control', 'etag', 'last-modified', 'vary', 'retry-after']

/**
 * Serves the embedded lake's images from the site's own origin (`/media/images/{project}/{dataset}/{file}`),
 * so readers never load a third party. With a real project images come from Sanity's CDN instead.
 * Only the variants the site's own pages ask for are forwarded, in one canonical form
 * (lib/sanity/image-variants.ts); any other parameter is a 400 before the lake is asked.
 *
 * `draft` (the caller checks Next's `draftMode()`): an editor previewing drafts also sees images
 * only a draft references, so the server's token goes to the lake — then and only then — and the
 * answer is `private, no-store`. Readers' requests never carry it (the lake 404s draft-only images):
 * they carry the site reader credential (site-reader-token.ts), anonymous rights with the site's
 * own share of the lake's render slots.
 */
export async function proxyLakeImage(segments: string[], request: Request, { draft = false }: { draft?: boolean } = {}): Promise<Response> {
  const env = readSanityEnv()
  if (env.backend !== 'lake' || !env.apiHost) return notFound('Images are served by the Sanity CDN')
  const [projectId, dataset, file, ...rest] = segments
  const size = file ? FILE_NAME.exec(file) : null
  if (rest.length || !projectId || !dataset || !size || !NAME.test(projectId) || !NAME.test(dataset)) {
    return notFound('Image not found')
  }
  const [width, height] = [Number(size[1]), Number(size[2])]
  if (width < 1 || height < 1) return notFound('Image not found')
  const variant = canonicalSiteImageQuery(new URL(request.url).searchParams, { width, height })
  if (!variant.ok) return sanityError(400, 'imageParameterError', variant.error)
  const upstream = `${env.apiHost}/images/${projectId}/${dataset}/${file}?${variant.query}`
  const headers: Record<string, string> = {}
  for (const name of ['accept', 'if-none-match']) {
    const value = request.headers.get(name)
    if (value) headers[name] = value
  }
  // Readers' variants are asked for as the site reader (the site's own share of render slots).
  const token = draft ? serverTokenFor(readSettings()) : siteReaderToken()
  if (token) headers.authorization = `Bearer ${token}`
  let response: Response
  try {
    response = await fetch(upstream, { headers, cache: 'no-store' })
  } catch {
    return new Response('Image service unavailable', { status: 502, headers: { 'content-type': 'text/plain' } })
  }
  const out = new Headers()
  for (const name of FORWARDED_HEADERS) {
    const value = response.headers.get(name)
    if (value) out.set(name, value)
  }
  if (draft) out.set('cache-control', 'private, no-store')
  return new Response(response.body, { status: response.status, headers: out })
}

function notFound(description: string) {
  return sanityError(404, 'notFound', description)
}

/** Sanity's error shape, as the lake's image route answers. */
function sanityError(status: number, type: string, description: string) {
  return Response.json({ error: { type, description } }, { status, headers: { 'cache-control': 'no-store' } })
}
