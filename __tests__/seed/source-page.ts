/**
 * The original page of the seed story, kept in the repository (`__tests__/fixtures/source-page.txt`,
 * see the README there) so the seed tests pass on any clone.
 */
import fs from 'node:fs'
import path from 'node:path'

export const SOURCE_PAGE_FILE = path.resolve(__dirname, '../fixtures/source-page.txt')

export function readSourcePage(): string {
  if (!fs.existsSync(SOURCE_PAGE_FILE)) {
    throw new Error(
      `The source page fixture is missing: expected ${SOURCE_PAGE_FILE}.`,
    )
  }
  return fs.readFileSync(SOURCE_PAGE_FILE, 'utf8')
}

/** The page's lines, trimmed, without blanks. */
export function sourceLines(page = readSourcePage()): string[] {
  return page
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
}

/**
 * The parts of the page, found by their landmarks: the headline follows "Breaking News", the
 * caption follows "Updated" (shown twice on the page), the body runs up to the attribution line,
 * the legal notice runs from the attribution line to the link label.
 */
export function sourceParts(page = readSourcePage()) {
  const lines = sourceLines(page)
  const at = (text: string) => {
    const index = lines.findIndex((line) => line === text || line.startsWith(text))
    if (index < 0) throw new Error(`The source page has no line "${text}"`)
    return index
  }
  const headline = lines[at('Breaking News') + 1]
  const updated = at('Updated')
  const caption = lines[updated + 1]
  let bodyStart = updated + 1
  while (lines[bodyStart] === caption) bodyStart += 1
  const attributionIndex = at('Based on reporting by')
  const linkIndex = at('To find out more')
  return {
    headline,
    caption,
    body: lines.slice(bodyStart, attributionIndex),
    attribution: lines[attributionIndex],
    legalNotice: lines.slice(attributionIndex + 1, linkIndex),
    linkLabel: lines[linkIndex],
  }
}
