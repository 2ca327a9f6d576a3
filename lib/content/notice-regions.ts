/**
 * Which regions any published legal notice is addressed to (e.g. {"RU"}), for the front door:
 * readers from these regions get the region's prerendered variant of an article (see
 * audience.ts). Front-door code has no data cache, so the set lives in this process for `maxAgeMs`
 * (one query at a time, shared by every request meanwhile). When the lake cannot answer, the last
 * known set is kept; with none known yet, the set is empty (everyone's variant, which still shows
 * every notice addressed to everyone) — the page never fails for it.
 */
import { z } from 'zod'
import { getUncachedPublishedClient } from '@/lib/sanity/client'
import { regionCode } from './models/primitives'

export const noticeRegionsQuery = `*[_type == "legalNotice" && audience.scope == "regions"].audience.regions`
export const noticeRegionsModel = z.array(z.array(z.unknown()).nullable())

export const NOTICE_REGIONS_MAX_AGE_MS = 60_000

export type NoticeRegions = {
  /** The current set (asks the lake when the remembered one is older than its maximum age). */
  get(): Promise<ReadonlySet<string>>
  /** Forgets the set: the next `get` asks the lake (after a publish of a legal notice). */
  forget(): void
}

export function createNoticeRegions({
  find,
  maxAgeMs = NOTICE_REGIONS_MAX_AGE_MS,
  timeoutMs = 2000,
  now = Date.now,
}: {
  find: (signal: AbortSignal) => Promise<unknown>
  maxAgeMs?: number
  timeoutMs?: number
  now?: () => number
}): NoticeRegions {
  let known: { at: number; regions: ReadonlySet<string> } | undefined
  let inFlight: Promise<ReadonlySet<string>> | undefined

  async function refresh(): Promise<ReadonlySet<string>> {
    try {
      const raw = noticeRegionsModel.parse(await find(AbortSignal.timeout(timeoutMs)))
      const regions = new Set(raw.flatMap((list) => list ?? []).filter((code): code is string => regionCode.safeParse(code).success))
      known = { at: now(), regions }
      return regions
    } catch {
      // Retried after maxAgeMs / 6 at the earliest, so an outage does not cost a query per request.
      const regions = known?.regions ?? new Set<string>()
      known = { at: now() - maxAgeMs + Math.ceil(maxAgeMs / 6), regions }
      return regions
    }
  }

  return {
    async get() {
      if (known && now() - known.at < maxAgeMs) return known.regions
      inFlight ??= refresh().finally(() => {
        inFlight = undefined
      })
      return inFlight
    },
    forget() {
      known = undefined
    },
  }
}

const REGISTRY = Symbol.for('newsroom.noticeRegions')

/** The process-wide set (on `globalThis`: the front door and the routes are loaded separately). */
export function noticeRegions(): NoticeRegions {
  const registry = globalThis as { [REGISTRY]?: NoticeRegions }
  registry[REGISTRY] ??= createNoticeRegions({
    find: (signal) => getUncachedPublishedClient().fetch<unknown>(noticeRegionsQuery, {}, { signal, cache: 'no-store' }),
  })
  return registry[REGISTRY]
}
