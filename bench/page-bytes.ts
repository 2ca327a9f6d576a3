/**
 * What a page costs a reader in bytes: its HTML, its stylesheets and its client JavaScript (every
 * chunk named by a script tag or the inline RSC payload, plus inline scripts), gzip-compressed.
 */
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { gzipSync } from 'node:zlib'

export interface Chunk {
  path: string
  gzipBytes: number
  sha256: string
}

export interface PageBytes {
  htmlGzip: number
  cssGzip: number
  inlineScriptGzip: number
  chunks: Chunk[]
  /** Chunks + inline scripts. */
  jsGzip: number
}

const CHUNK = /\/_next\/static\/[A-Za-z0-9_./~-]+?\.js/g
const STYLESHEET = /<link[^>]+rel="stylesheet"[^>]*href="([^"]+)"|<link[^>]+href="([^"]+\.css)"[^>]*rel="stylesheet"/g
const INLINE_SCRIPT = /<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g

export const gzipSize = (text: string | Buffer) => gzipSync(text, { level: 9 }).length

async function fetchText(url: string, headers: Record<string, string> = {}): Promise<string> {
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(30_000) })
  if (!response.ok) throw new Error(`GET ${url}: ${response.status}`)
  return response.text()
}

export async function pageBytes(origin: string, path: string, headers: Record<string, string> = {}): Promise<PageBytes> {
  const html = await fetchText(`${origin}${path}`, headers)
  const unescaped = html.replace(/\\\//g, '/')
  const chunkPaths = [...new Set(unescaped.match(CHUNK) ?? [])]
  const chunks: Chunk[] = []
  for (const chunkPath of chunkPaths) {
    const code = await fetchText(`${origin}${chunkPath}`)
    chunks.push({ path: chunkPath, gzipBytes: gzipSize(code), sha256: createHash('sha256').update(code).digest('hex') })
  }
  const css = [...html.matchAll(STYLESHEET)].map((m) => (m[1] ?? m[2]).replace(/&amp;/g, '&'))
  let cssGzip = 0
  for (const href of [...new Set(css)]) cssGzip += gzipSize(await fetchText(new URL(href, origin).href))
  const inline = [...html.matchAll(INLINE_SCRIPT)].map((m) => m[1]).join('\n')
  const inlineScriptGzip = inline ? gzipSize(inline) : 0
  return {
    htmlGzip: gzipSize(html),
    cssGzip,
    inlineScriptGzip,
    chunks,
    jsGzip: chunks.reduce((sum, chunk) => sum + chunk.gzipBytes, 0) + inlineScriptGzip,
  }
}

/** The framework's shared chunks of a build (`rootMainFiles` + polyfills), as page paths. */
export function sharedChunkPaths(nextDir: string): Set<string> {
  const manifest = JSON.parse(fs.readFileSync(path.join(nextDir, 'build-manifest.json'), 'utf8')) as { rootMainFiles: string[]; polyfillFiles: string[] }
  return new Set([...manifest.rootMainFiles, ...manifest.polyfillFiles].map((file) => `/_next/${file}`))
}

/** A page's chunks split into the framework's shared ones and the page's own (its routes' client code and Next's per-route parts). */
export function splitChunks(page: PageBytes, shared: Set<string>): { sharedGzip: number; own: Chunk[]; ownGzip: number } {
  const own = page.chunks.filter((chunk) => !shared.has(chunk.path))
  const sum = (chunks: Chunk[]) => chunks.reduce((total, chunk) => total + chunk.gzipBytes, 0)
  return { sharedGzip: sum(page.chunks.filter((chunk) => shared.has(chunk.path))), own, ownGzip: sum(own) }
}

/** The <body> markup of a page with its scripts removed, and its story text (paragraphs of <article>). */
export function bodyParts(html: string): { bodyHtml: string; storyHtml: string } {
  const body = /<body[^>]*>([\s\S]*)<\/body>/i.exec(html)?.[1] ?? ''
  const bodyHtml = body.replace(/<script\b[\s\S]*?<\/script>/gi, '').replace(/<(template|next-route-announcer)\b[\s\S]*?<\/\1>/gi, '')
  const article = /<article\b[\s\S]*?<\/article>/i.exec(bodyHtml)?.[0] ?? bodyHtml
  const blocks = article.match(/<(h1|p)\b[^>]*>[\s\S]*?<\/\1>/gi) ?? []
  const storyHtml = blocks.map((block) => block.replace(/<(?!\/?(h1|p|em|strong|a)\b)[^>]+>/gi, '')).join('\n')
  return { bodyHtml, storyHtml }
}
