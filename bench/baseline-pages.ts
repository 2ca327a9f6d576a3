/**
 * The bare Next.js baseline (bench/baseline) fed the site's article markup: `/` (the article's
 * body markup), `/story` (its text only), `/same-size` (the body markup plus hidden filler, so
 * that the whole response is as many bytes as the site's article: the framework at equal bytes)
 * and `/stories/the-story` (the same on a prerendered `[slug]` route, like the site's article).
 * The filler is sized from a first build and corrected once if it missed by more than 2 %.
 */
import { bodyParts } from './page-bytes'
import { buildAndStartBaseline, type Running } from './processes'

export type BaselinePages = { baseline: Running; bytes: { body: number; sameSize: number; ours: number } }

const filler = (chars: number) => `<div hidden>${'x'.repeat(Math.max(0, Math.round(chars)))}</div>`

async function responseBytes(url: string): Promise<number> {
  return (await (await fetch(url)).arrayBuffer()).byteLength
}

export async function startBaselinePages(articleHtml: string, log: (line: string) => void): Promise<BaselinePages> {
  const { bodyHtml, storyHtml } = bodyParts(articleHtml)
  const ours = Buffer.byteLength(articleHtml)
  const build = (fillerChars: number) => buildAndStartBaseline({ 'article-body.html': bodyHtml, 'story.html': storyHtml, 'same-size.html': bodyHtml + filler(fillerChars) })
  // A first guess: filler appears twice (HTML and the RSC payload), the markup about 1.8 times.
  let chars = Math.max(1000, (ours - 1.8 * Buffer.byteLength(bodyHtml)) / 2)
  log('building the baseline with the article markup')
  let baseline = await build(chars)
  let [body, sameSize] = [await responseBytes(`${baseline.url}/`), await responseBytes(`${baseline.url}/same-size`)]
  if (Math.abs(sameSize - ours) / ours > 0.02) {
    const bytesPerChar = (sameSize - body) / chars
    chars = Math.max(0, chars + (ours - sameSize) / bytesPerChar)
    await baseline.stop()
    log('rebuilding the baseline: same-size page corrected')
    baseline = await build(chars)
    ;[body, sameSize] = [await responseBytes(`${baseline.url}/`), await responseBytes(`${baseline.url}/same-size`)]
  }
  return { baseline, bytes: { body, sameSize, ours } }
}
