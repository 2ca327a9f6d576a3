/**
 * next/image loader for Sanity image URLs (runs in the browser too: no server imports).
 * The image host (lake or Sanity CDN) resizes; we set the width and quality, and scale a
 * height fixed by the URL builder (a crop) so the aspect ratio is kept at every width.
 */
export default function sanityImageLoader({ src, width, quality }: { src: string; width: number; quality?: number }) {
  const [path, query = ''] = src.split('?')
  const params = new URLSearchParams(query)
  const w = Number(params.get('w'))
  const h = Number(params.get('h'))
  if (w > 0 && h > 0) params.set('h', String(Math.round((h * width) / w)))
  params.set('w', String(width))
  params.set('q', String(quality ?? 75))
  if (!params.has('auto')) params.set('auto', 'format')
  return `${path}?${params.toString()}`
}
