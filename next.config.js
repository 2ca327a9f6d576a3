// @ts-check

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Image URLs are built by @sanity/image-url and resized by the image host (the lake, or Sanity's CDN),
  // so Next does not re-process them: the loader only sets width and quality.
  images: { loader: 'custom', loaderFile: './lib/sanity/image-loader.ts' },
  // Server-only packages with native code or Node built-ins stay out of the bundle.
  serverExternalPackages: ['better-sqlite3', 'sharp', 'groq-js'],
}

module.exports = nextConfig
