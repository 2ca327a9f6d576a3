// @ts-check
// The bare Next.js app `npm run bench` compares the site with: same Next and node_modules, no config.

/** @type {import('next').NextConfig} */
module.exports = { reactStrictMode: true, poweredByHeader: false }
