/**
 * Runs Sanity's own `validateDocument` (through `StudioValidator`, exactly as `npm run content --
 * validate` does) over named documents and prints each one's error markers as JSON on stdout.
 *
 * Usage: tsx validate-with-sanity.ts <cases.json>, where the file holds
 * `[{ "name": string, "document": object }, …]`. Output: `[{ "name", "errors": [{path, message}] }]`,
 * paths written like `body[_key=="p01"].style`. Run by `__tests__/content/rules-agree.test.ts`
 * through tsx (the Sanity packages are ES modules this repo's jest config does not transform). Every referenced document counts as existing and every slug as free, so only
 * the schema's own rules can refuse a document.
 */
import fs from 'node:fs'
import { loadStudioSchema, StudioValidator } from '../../lib/dataset/studio-schema'

interface NamedDocument {
  name: string
  document: Record<string, unknown>
}

/** `['body', {_key: 'p01'}, 'children', 0, 'text']` → `body[_key=="p01"].children[0].text`. */
function formatSanityPath(path: unknown[]): string {
  let out = ''
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`
    else if (segment && typeof segment === 'object' && '_key' in segment) out += `[_key==${JSON.stringify(segment._key)}]`
    else out += out ? `.${String(segment)}` : String(segment)
  }
  return out
}

async function main(): Promise<void> {
  const file = process.argv[2]
  if (!file) throw new Error('usage: validate-with-sanity.ts <cases.json>')
  const cases = JSON.parse(fs.readFileSync(file, 'utf8')) as NamedDocument[]
  const validator = new StudioValidator(loadStudioSchema(), { isSlugTaken: () => false }, () => true)
  const results = []
  for (const { name, document } of cases) {
    const markers = await validator.validate(document)
    const errors = markers
      .filter((marker) => marker.level === 'error')
      .map((marker) => ({ path: formatSanityPath(marker.path), message: marker.message }))
    results.push({ name, errors })
  }
  process.stdout.write(JSON.stringify(results))
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  process.exit(1)
})
