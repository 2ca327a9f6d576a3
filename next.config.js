// @ts-check
// Next.js configuration: images and server-only packages. Response headers (security and cache
// policy) are set by the site's server, scripts/site/server.ts (lib/routing/response-headers.ts).

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Image URLs are built by @sanity/image-url and resized by the image host (the lake, or Sanity's CDN),
  // so Next does not re-process them: the loader only sets width and quality.
  images: { loader: 'custom', loaderFile: './lib/sanity/image-loader.ts' },
  // Server-only packages with native code or Node built-ins stay out of the bundle.
  serverExternalPackages: ['better-sqlite3', 'sharp', 'groq-js', 'redis'],
  // REDIS_URL: every site instance shares one page and fetch cache (docs/deploying.md); unset: Next's
  // file-system cache with its disk use capped (PAGE_CACHE_MAX_MB, least recently used evicted; ADR 0016).
  cacheHandler: process.env.REDIS_URL?.trim() ? require.resolve('./lib/cache/redis-cache-handler.js') : require.resolve('./lib/cache/bounded-file-cache.js'),
}

module.exports = nextConfig
