// Reads markup captured from the site's built article by `npm run bench` (bench/baseline/captured/),
// at build time: the baseline pages are static, like the site's.
import fs from 'node:fs'
import path from 'node:path'

export function capturedHtml(name) {
  return fs.readFileSync(path.join(process.cwd(), 'captured', name), 'utf8')
}
