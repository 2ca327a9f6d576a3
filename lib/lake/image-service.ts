/**
 * Rendered image variants: an LRU cache by canonical key, one render per key at a time (later
 * requests for a key being rendered wait for that render), and a bounded render queue —
 * `maxConcurrentRenders` run, `maxQueuedRenders` wait, any more get a 503 with `Retry-After`.
 */

import { serviceUnavailable } from './errors'
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
  /** Renders running at once; default 2. */
  maxConcurrentRenders?: number
  /** Renders waiting for a slot; default 16. Past it: 503. */
  maxQueuedRenders?: number
  /** Bytes of rendered variants kept; default 64 MB. */
  cacheBytes?: number
}

/** Where a served variant came from: the cache, a render this request started, or one already running. */
export type ImageSource = 'hit' | 'miss' | 'shared'

export class ImageService {
  /** Renders started since creation (tests and diagnostics). */
  renders = 0
  private readonly cache: LruCache<string, RenderedImage>
  private readonly inflight = new Map<string, Promise<RenderedImage>>()
  private readonly waiting: (() => void)[] = []
  private active = 0
  private readonly maxConcurrent: number
  private readonly maxQueued: number

  constructor(opts: ImageServiceOptions = {}) {
    this.maxConcurrent = Math.max(1, opts.maxConcurrentRenders ?? IMAGE_RENDER_CORES)
    this.maxQueued = Math.max(0, opts.maxQueuedRenders ?? DEFAULT_MAX_QUEUED_RENDERS)
    this.cache = new LruCache<string, RenderedImage>(2000, opts.cacheBytes ?? IMAGE_CACHE_BYTES, (image) => image.data.length)
  }

  /** The cached variant of `key`, or a new one made by `render` within the queue's limits. */
  async get(key: string, render: () => Promise<RenderedImage>): Promise<{ image: RenderedImage; source: ImageSource }> {
    const cached = this.cache.get(key)
    if (cached) return { image: cached, source: 'hit' }
    const running = this.inflight.get(key)
    if (running) return { image: await running, source: 'shared' }
    if (this.active >= this.maxConcurrent && this.waiting.length >= this.maxQueued) {
      throw serviceUnavailable(
        'imageRenderBusy',
        `The image service is busy: ${this.active} renders running and ${this.waiting.length} waiting (limits ${this.maxConcurrent} and ${this.maxQueued}); retry shortly`,
        RENDER_RETRY_AFTER_SECONDS,
      )
    }
    const job = this.schedule(render).then((image) => {
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

  private async schedule(render: () => Promise<RenderedImage>): Promise<RenderedImage> {
    if (this.active >= this.maxConcurrent) await new Promise<void>((resolve) => this.waiting.push(resolve))
    else this.active++
    try {
      this.renders++
      return await render()
    } finally {
      const next = this.waiting.shift()
      if (next) next()
      else this.active--
    }
  }
}
