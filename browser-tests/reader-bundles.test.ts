import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { baseUrl } from './browser'

/**
 * Readers never download Studio code: the client JavaScript chunks referenced by the home page
 * and the story page (script tags and the inline RSC payload) contain none of the Studio's
 * markers. The Studio page's own chunks do — that keeps the markers honest, so the check cannot
 * pass just because a marker went stale after an upgrade. Plain HTTP, no browser.
 */

const READER_PATHS = ['/', '/articles/turkey-erdogan-putin-to-meet-in-moscow-this-week-for-syria-talks']

/** Strings that survive minification and appear only in Sanity Studio's code (and our Studio page's). */
const STUDIO_MARKERS = ['__studio_auth_token_', 'sanity.studio', 'Failed to fetch version for package', 'document-panel-scroller']

const CHUNK = /\/_next\/static\/chunks\/[A-Za-z0-9_./~-]+?\.js/g

async function text(path: string): Promise<string> {
  const response = await fetch(`${baseUrl()}${path}`)
  assert.equal(response.status, 200, `${path} answers 200`)
  return response.text()
}

/** Every client chunk a page's HTML names, in script tags or (escaped) in its RSC payload. */
async function chunksOf(path: string): Promise<string[]> {
  const html = (await text(path)).replace(/\\\//g, '/')
  return [...new Set(html.match(CHUNK) ?? [])]
}

async function markersIn(chunks: string[]): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>()
  for (const chunk of chunks) {
    const code = await text(chunk)
    const hits = STUDIO_MARKERS.filter((marker) => code.includes(marker))
    if (hits.length) found.set(chunk, hits)
  }
  return found
}

describe("reader pages' JavaScript", () => {
  it('the Studio page loads Studio code (the markers are real)', async () => {
    const found = await markersIn(await chunksOf('/studio'))
    const seen = new Set([...found.values()].flat())
    assert.deepEqual(STUDIO_MARKERS.filter((marker) => !seen.has(marker)), [], 'every marker appears in the Studio page chunks')
  })

  for (const path of READER_PATHS) {
    it(`${path} loads no Studio code`, async () => {
      const chunks = await chunksOf(path)
      assert.ok(chunks.length > 0, 'the page references client chunks')
      assert.deepEqual(Object.fromEntries(await markersIn(chunks)), {})
    })
  }
})
