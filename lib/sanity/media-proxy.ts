import 'server-only'
import { readSanityEnv } from './env'

const FILE_NAME = /^[a-f0-9]{40}-\d{1,5}x\d{1,5}\.(?:jpg|jpeg|png|webp|gif|avif|svg)$/
const NAME = /^[a-z0-9][-\w]{0,63}$/
const FORWARDED_HEADERS = ['content-type', 'content-length', 'cache-control', 'etag', 'last-modified', 'vary']

/**
 * Serves the embedded lake's images from the site's own origin (`/media/images/{project}/{dataset}/{file}`),
 * so readers never load a third party. With a real project images come from Sanity's CDN instead.
 */
export async function proxyLakeImage(segments: string[], request: Request): Promise<Response> {
  const env = readSanityEnv()
  if (env.backend !== 'lake' || !env.apiHost) return notFound()
  const [projectId, dataset, file, ...rest] = segments
  if (rest.length || !projectId || !dataset || !file || !NAME.test(projectId) || !NAME.test(dataset) || !FILE_NAME.test(file)) {
    return notFound()
  }
  const search = new URL(request.url).search
  const upstream = `${env.apiHost}/images/${projectId}/${dataset}/${file}${search}`
  const headers: Record<string, string> = {}
  for (const name of ['accept', 'if-none-match']) {
    const value = request.headers.get(name)
    if (value) headers[name] = value
  }
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
  return new Response(response.body, { status: response.status, headers: out })
}

function notFound() {
  return new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain' } })
}
