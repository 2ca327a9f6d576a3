import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import sharp from 'sharp'

/**
 * Generates the stand-in lead image of the seed story (the original photo is not available).
 * It is a purely abstract graphic — no people, places or text — so that nothing in it pretends
 * to be a photograph. Deterministic: the same sharp version gives the same bytes.
 *
 *   npx tsx lib/dataset/make-stand-in-image.ts [outFile]
 */

export const STAND_IN_IMAGE_WIDTH = 1600
export const STAND_IN_IMAGE_HEIGHT = 900
export const STAND_IN_IMAGE_FILE = 'content/images/stand-in-erdogan-putin-talks-1600x900.png'

/** What the generated image shows; used as the figure's alt text in the seed. */
export const STAND_IN_IMAGE_ALT =
  'Abstract graphic: two large overlapping translucent circles, one blue and one amber, over a dark navy-to-teal gradient with a faint grid of thin lines.'

export const STAND_IN_IMAGE_CREDIT = 'Stand-in graphic generated for this site; original photo not available'

/** The SVG the PNG is rendered from. */
export function standInImageSvg(width = STAND_IN_IMAGE_WIDTH, height = STAND_IN_IMAGE_HEIGHT): string {
  const grid: string[] = []
  for (let x = 0; x <= width; x += 80) grid.push(`<line x1="${x}" y1="0" x2="${x}" y2="${height}" />`)
  for (let y = 0; y <= height; y += 80) grid.push(`<line x1="0" y1="${y}" x2="${width}" y2="${y}" />`)
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#0b1f3a" />
      <stop offset="1" stop-color="#0f4c5c" />
    </linearGradient>
    <radialGradient id="blue" cx="0.5" cy="0.5" r="0.5">
      <stop offset="0" stop-color="#3f7fbf" stop-opacity="0.75" />
      <stop offset="1" stop-color="#3f7fbf" stop-opacity="0.25" />
    </radialGradient>
    <radialGradient id="amber" cx="0.5" cy="0.5" r="0.5">
      <stop offset="0" stop-color="#e0a040" stop-opacity="0.7" />
      <stop offset="1" stop-color="#e0a040" stop-opacity="0.2" />
    </radialGradient>
  </defs>
  <rect width="${width}" height="${height}" fill="url(#bg)" />
  <g stroke="#ffffff" stroke-opacity="0.07" stroke-width="1">${grid.join('')}</g>
  <circle cx="${width * 0.4}" cy="${height * 0.5}" r="${height * 0.34}" fill="url(#blue)" />
  <circle cx="${width * 0.6}" cy="${height * 0.5}" r="${height * 0.34}" fill="url(#amber)" />
</svg>`
}

/** Renders the stand-in image to a PNG buffer. */
export async function renderStandInImage(): Promise<Buffer> {
  return sharp(Buffer.from(standInImageSvg())).png({ compressionLevel: 9 }).toBuffer()
}

/** Writes the stand-in image to `outFile` (default: the seed's image path). */
export async function writeStandInImage(outFile = STAND_IN_IMAGE_FILE): Promise<string> {
  const png = await renderStandInImage()
  await mkdir(path.dirname(outFile), { recursive: true })
  await writeFile(outFile, png)
  return outFile
}

if (require.main === module) {
  writeStandInImage(process.argv[2]).then(
    (file) => console.log(`wrote ${file}`),
    (error: unknown) => {
      console.error(error)
      process.exit(1)
    },
  )
}
