/**
 * The limits of the lake's image service, in one place (SECURITY.md lists them). They bound the
 * work one request can cause: pixels decoded, pixels produced, distinct variants, renders at once.
 */

import { availableParallelism } from 'node:os'

/** Largest image decoded, on upload and on render (sharp `limitInputPixels`): 40 megapixels. */
export const MAX_INPUT_PIXELS = 40_000_000

/** `w`, `h`, `max-w`, `max-h` above this are a 400 (no client asks for more). */
export const MAX_REQUESTED_DIMENSION = 4000

/** Output width and height are clamped to this many pixels (the aspect ratio is kept). */
export const MAX_OUTPUT_DIMENSION = 2560

/** Output area is clamped to 4 megapixels (2048 × 2048), the aspect ratio kept. */
export const MAX_OUTPUT_PIXELS = 2048 * 2048

/**
 * Widths rendered: next/image's default `imageSizes` + `deviceSizes` (Next 16, unchanged in
 * `next.config.js`), which are the only widths `lib/sanity/image-loader.ts` asks for, up to 2048.
 * Any other width (after `dpr`) snaps to the nearest of these (ties to the larger; 3840 → 2048),
 * and a height given with it is scaled by the same factor, so the aspect ratio is kept.
 */
export const ALLOWED_WIDTHS: readonly number[] = [32, 48, 64, 96, 128, 256, 384, 640, 750, 828, 1080, 1200, 1920, 2048]

/**
 * Qualities rendered: the loader always asks for 75 (next/image's only default quality); 50 and
 * 90 are kept for other clients. Any other `q` snaps to the nearest (ties to the higher).
 */
export const ALLOWED_QUALITIES: readonly number[] = [50, 75, 90]

/**
 * Cores image rendering may use: all but one, so queries and the server thread always have a core
 * (on a 2-core machine a hostile stream of large AVIF renders otherwise starves everything else).
 * It is also the default number of renders at once, each on this many libvips threads.
 */
export const IMAGE_RENDER_CORES = Math.max(1, availableParallelism() - 1)

/** Renders waiting for a slot; past this, 503 with `Retry-After`. */
export const DEFAULT_MAX_QUEUED_RENDERS = 16

/** `Retry-After` seconds sent with a 503 when the render queue is full or a render timed out. */
export const RENDER_RETRY_AFTER_SECONDS = 2

/** One render is stopped after this long (sharp `timeout`) and answered with a 503. */
export const RENDER_TIMEOUT_SECONDS = 10

/** Rendered variants kept in memory (LRU by bytes). */
export const IMAGE_CACHE_BYTES = 64 * 1024 * 1024

/** The value of `candidates` nearest to `value`; ties go to the larger. `candidates` ascending. */
export function nearestAllowed(value: number, candidates: readonly number[]): number {
  let best = candidates[0]
  for (const candidate of candidates) {
    if (Math.abs(candidate - value) <= Math.abs(best - value)) best = candidate
  }
  return best
}
