import { createReadStream, createWriteStream, type WriteStream } from 'node:fs'
import { once } from 'node:events'
import { readStreamLines } from '../lake/ndjson-lines'

/** One non-blank line of an NDJSON file, numbered from 1 as an editor shows it. */
export interface NdjsonLine {
  lineNumber: number
  text: string
}

/** A line parsed into a JSON object, or the reason it could not be. */
export type ParsedNdjsonLine =
  | { lineNumber: number; ok: true; value: Record<string, unknown> }
  | { lineNumber: number; ok: false; error: string }

/**
 * Streams an NDJSON file line by line (never the whole file in memory), skipping blank lines.
 * `onBytes` hears how many bytes of the file have been read so far (for progress).
 */
export async function* readNdjsonLines(file: string, onBytes?: (bytes: number) => void): AsyncGenerator<NdjsonLine> {
  for await (const { number, text, bytes } of readStreamLines(createReadStream(file))) {
    onBytes?.(bytes)
    if (text.trim() === '') continue
    yield { lineNumber: number, text }
  }
}

/** Parses one line; a document must be a JSON object. */
export function parseNdjsonLine({ lineNumber, text }: NdjsonLine): ParsedNdjsonLine {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    return { lineNumber, ok: false, error: `malformed JSON (${(error as Error).message})` }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { lineNumber, ok: false, error: 'a line must hold one JSON object' }
  }
  return { lineNumber, ok: true, value: value as Record<string, unknown> }
}

/** Streams parsed lines of a file. */
export async function* readNdjsonDocuments(file: string): AsyncGenerator<ParsedNdjsonLine> {
  for await (const line of readNdjsonLines(file)) yield parseNdjsonLine(line)
}

/** Writes documents one per line to a file or stdout, honouring back-pressure. */
export class NdjsonWriter {
  private readonly stream: NodeJS.WritableStream
  private readonly ownsStream: boolean
  count = 0

  constructor(target: string | NodeJS.WritableStream) {
    this.ownsStream = typeof target === 'string'
    this.stream = typeof target === 'string' ? createWriteStream(target, { encoding: 'utf8' }) : target
  }

  async write(document: unknown): Promise<void> {
    this.count += 1
    if (!this.stream.write(`${JSON.stringify(document)}\n`)) await once(this.stream, 'drain')
  }

  async close(): Promise<void> {
    if (!this.ownsStream) return
    const stream = this.stream as WriteStream
    stream.end()
    await once(stream, 'close')
  }
}
