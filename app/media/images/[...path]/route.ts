import { isPreviewing } from '@/lib/content/fetch'
import { proxyLakeImage } from '@/lib/sanity/media-proxy'

export async function GET(request: Request, { params }: { params: Promise<{ path: string[] }> }) {
  const { path } = await params
  return proxyLakeImage(path, request, { draft: await isPreviewing() })
}
