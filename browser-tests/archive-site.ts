/**
 * For the reader-archive suites: a lake of their own (the seed plus `stories` synthetic stories,
 * bench/synthetic-stories.ts) and the site's server on a private copy of the build pointed at it,
 * with `env` added (a small page-cache cap, a small sitemap size…). The stories are written
 * without webhooks — one publish webhook per story would re-render each one at once — and one
 * signed webhook then tells the site its lists changed, as a publish would.
 */
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { encodeSignatureHeader, SIGNATURE_HEADER_NAME } from '@sanity/webhook'
import { syntheticMutations } from '../bench/synthetic-stories'
import { startLakeServer, type RunningLakeServer } from '../lib/lake'
import { startIsolatedSite, type IsolatedSite } from './isolated-site'
import { bodyWithoutScripts, get, mutate, root } from './site-process'

export type ArchiveSite = {
  site: IsolatedSite
  lake: RunningLakeServer
  /** Slugs of every published article in the lake. */
  publishedSlugs(): Promise<string[]>
  stop(): Promise<void>
}

export async function startArchiveSite(stories: number, env: Record<string, string> = {}): Promise<ArchiveSite> {
  const token = randomBytes(32).toString('base64url')
  const secret = randomBytes(24).toString('base64url')
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'archive-lake-'))
  const lake = await startLakeServer({ dataDir, port: 0, seedDir: path.join(root, 'content'), token, log: () => undefined })
  let site: IsolatedSite | undefined
  try {
    site = await startIsolatedSite({ LAKE_URL: lake.url, LAKE_DATA_DIR: dataDir, SANITY_PROJECT_ID: '', SANITY_API_TOKEN: token, SANITY_WEBHOOK_SECRET: secret, ...env })
    const mutations = syntheticMutations(stories)
    for (let i = 0; i < mutations.length; i += 100) await mutate(lake.url, token, mutations.slice(i, i + 100))
    // Two publish webhooks, an article's and a section's: every list of articles (home, sections,
    // archive, sitemaps) and the sections menu are revalidated.
    for (const doc of [
      { _id: 'article-synthetic-0', _type: 'article', slug: 'synthetic-story-0', previousSlug: 'synthetic-story-0', operation: 'update' },
      { _id: 'section-synthetic-world', _type: 'section', slug: 'world', previousSlug: null, operation: 'create' },
    ]) {
      const body = JSON.stringify(doc)
      const hook = await fetch(`${site.url}/api/revalidate`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', [SIGNATURE_HEADER_NAME]: await encodeSignatureHeader(body, Date.now(), secret) },
      })
      if (hook.status !== 200) throw new Error(`the publish webhook answered ${hook.status}`)
    }
    // The build's lists are now stale: each re-renders in the background on its next request, as
    // after any publish. Ask each until it shows the new stories, so the tests see fresh pages.
    const fresh: [string, string][] = [
      ['/', 'Synthetic 0:'],
      ['/', '/sections/world'],
      ['/archive', '/archive/2025'],
      ['/sections/middle-east', 'Synthetic'],
      ['/sitemap.xml', '/sitemaps/articles/2025-1.xml'],
    ]
    const deadline = Date.now() + 90_000
    for (const [target, expected] of fresh) {
      while (!(await get(`${site.url}${target}`)).text.includes(expected)) {
        if (Date.now() > deadline) throw new Error(`${target} never showed ${expected}`)
        await new Promise((resolve) => setTimeout(resolve, 250))
      }
    }
  } catch (error) {
    await site?.stop()
    await lake.close()
    fs.rmSync(dataDir, { recursive: true, force: true })
    throw error
  }
  const running = site
  return {
    site: running,
    lake,
    async publishedSlugs() {
      const { result } = await lake.store.query('*[_type == "article" && !(_id in path("drafts.**")) && defined(slug.current)].slug.current', {})
      return result as string[]
    },
    async stop() {
      await running.stop()
      await lake.close()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}


/** The site-relative targets of the `<a href>`s a reader without JavaScript can follow on a page. */
export function pageLinks(html: string): string[] {
  return [...bodyWithoutScripts(html).matchAll(/<a\b[^>]*?\shref="([^"]+)"/g)].map((match) => match[1].replace(/&amp;/g, '&'))
}
