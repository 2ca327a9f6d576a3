/**
 * Rendered image variants: an LRU cache by canonical key, one render per key at a time (later
 * requests for a key being rendered wait for that render), and a bounded, fair render queue.
 * `maxConcurrentRenders` run, plus one slot only canonical renders use. Canonical renders (the
 * variants the site's pages ask for: no rect or the crop stored on a published image, q 75, widths
 * always snapped to the published ones) go before any other, so a flood of odd variants never
 * starves a page's images;
 * other renders wait in a `FairQueue` by client, at most `maxQueuedRenders` in all and a quarter
 * of that per client. Past either limit: a 503 (queue full) or a 429 (the client's share), both
 * with `Retry-After`.
 */

import { serviceUnavailable, tooManyRequests } from './errors'
import { ClientUsage, FairQueue } from './fair-queue'
import {
  IMAGE_RENDER_CORES,
  DEFAULT_MAX_QUEUED_RENDERS,
  IMAGE_CACHE_BYTES,
  RENDER_RETRY_AFTER_SECONDS,
} from './image-limits'
import { LruCache } from './lru-cache'

export interface RenderedImage {
  data: Buffer
  contentType: string
  etag: string
}

export interface ImageServiceOptions {
  /** Renders running at once; default all cores but one. */
  maxConcurrentRenders?: number
  /** Renders of non-canonical variants waiting for a slot; default 16. Past it: 503. */
  maxQueuedRenders?: number
  /** Bytes of rendered variants kept; default 64 MB. */
  cacheBytes?: number
}

/** Who asks and what: `canonical` variants (see the module comment) are rendered first. */
export interface RenderRequest {
  client: string
  canonical: boolean
}

/** Where a served variant came from: the cache, a render this request started, or one already running. */
export type ImageSource = 'hit' | 'miss' | 'shared'

interface Waiting {
  client: string
  start: () => void
}

/** Canonical renders waiting: bounded by the published variants, but still capped. */
const MAX_QUEUED_CANONICAL = 256

export class ImageService {
  /** Renders started since creation (tests and diagnostics). */
  renders = 0
  private readonly cache: LruCache<string, RenderedImage>
  private readonly inflight = new Map<string, Promise<RenderedImage>>()
  private readonly canonicalQueue: Waiting[] = []
  private readonly otherQueue = new FairQueue<Waiting>()
  private readonly usage = new ClientUsage(10_000)
  private active = 0
  /** Renders running that are not canonical: at most `maxConcurrent`, leaving one slot to canonical ones. */
  private activeOther = 0
  private readonly maxConcurrent: number
  private readonly maxQueued: number

  constructor(opts: ImageServiceOptions = {}) {
    this.maxConcurrent = Math.max(1, opts.maxConcurrentRenders ?? IMAGE_RENDER_CORES)
    this.maxQueued = Math.max(0, opts.maxQueuedRenders ?? DEFAULT_MAX_QUEUED_RENDERS)
    this.cache = new LruCache<string, RenderedImage>(2000, opts.cacheBytes ?? IMAGE_CACHE_BYTES, (image) => image.data.length)
  }

  /** The cached variant of `key`, or a new one made by `render` within the queue's limits. */
  async get(
    key: string,
    render: () => Promise<RenderedImage>,
    request: RenderRequest = { client: 'local', canonical: false },
  ): Promise<{ image: RenderedImage; source: ImageSource }> {
    const cached = this.cache.get(key)
    if (cached) return { image: cached, source: 'hit' }
    const running = this.inflight.get(key)
    if (running) return { image: await running, source: 'shared' }
    if (!this.canStart(request)) this.assertRoomFor(request)
    const job = this.schedule(render, request).then((image) => {
      this.cache.set(key, image)
      return image
    })
    this.inflight.set(key, job)
    try {
      return { image: await job, source: 'miss' }
    } finally {
      this.inflight.delete(key)
    }
  }

  private assertRoomFor(request: RenderRequest): void {
    const busy = `${this.active} renders running, ${this.canonicalQueue.length + this.otherQueue.size} waiting`
    if (request.canonical) {
      if (this.canonicalQueue.length < MAX_QUEUED_CANONICAL) return
      throw serviceUnavailable('imageRenderBusy', `The image service is busy: ${busy}; retry shortly`, RENDER_RETRY_AFTER_SECONDS)
    }
    if (this.otherQueue.size >= this.maxQueued) {
      throw serviceUnavailable(
        'imageRenderBusy',
        `The image service is busy: ${busy} (limits ${this.maxConcurrent} and ${this.maxQueued}); retry shortly`,
        RENDER_RETRY_AFTER_SECONDS,
      )
    }
    const perClient = Math.max(1, Math.ceil(this.maxQueued / 4))
    if (this.otherQueue.countOf(request.client) >= perClient) {
      throw tooManyRequests(
        'imageRenderBusy',
        `Too many renders of uncached image variants waiting for ${request.client} (at most ${perClient}; ${busy}); retry shortly, or ask for the variants pages use`,
        RENDER_RETRY_AFTER_SECONDS,
      )
    }
  }

  /**
   * Canonical renders may use one slot more than `maxConcurrentRenders` (a slot no odd variant
   * ever holds, so a first render waits at most for other first renders).
   */
  private canStart(request: RenderRequest): boolean {
    if (request.canonical) return this.active < this.maxConcurrent + 1 && this.canonicalQueue.length === 0
    return this.activeOther < this.maxConcurrent && this.active < this.maxConcurrent + 1
  }

  private async schedule(render: () => Promise<RenderedImage>, request: RenderRequest): Promise<RenderedImage> {
    if (this.canStart(request)) {
      this.active++
      if (!request.canonical) this.activeOther++
    } else {
      await new Promise<void>((start) => {
        const waiting = { client: request.client, start }
        if (request.canonical) this.canonicalQueue.push(waiting)
        else this.otherQueue.push(waiting)
      })
    }
    const started = performance.now()
    try {
      this.renders++
      return await render()
    } finally {
      this.usage.add(request.client, performance.now() - started)
      this.active--
      if (!request.canonical) this.activeOther--
      this.startWaiting()
    }
  }

  /** Starts waiting renders while slots allow: canonical ones first, then the fairest other one. */
  private startWaiting(): void {
    while (this.canonicalQueue.length > 0 && this.active < this.maxConcurrent + 1) {
      this.active++
      this.canonicalQueue.shift()?.start()
    }
    while (this.otherQueue.size > 0 && this.activeOther < this.maxConcurrent && this.active < this.maxConcurrent + 1) {
      const next = this.otherQueue.shift(this.usage)
      if (!next) break
      this.active++
      this.activeOther++
      next.start()
    }
  }
}
