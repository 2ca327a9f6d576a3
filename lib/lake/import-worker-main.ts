/**
 * The body of the bulk import's worker thread: reads the NDJSON file, parses each line and
 * computes what the writer can take ready-made (`index-rows-ahead.ts`), and posts the lines to
 * the writer in batches, at most `credits` batches ahead of what the writer has taken (so memory
 * holds a few batches, never the file). Each batch the writer takes comes with its search key
 * codes, so the documents after the first batches with a new key are indexed here too.
 */

import fs from 'node:fs'
import { parentPort, workerData } from 'node:worker_threads'
import { parseDocumentLine, type AheadLine, type ImportWorkerCredit, type ImportWorkerData, type ImportWorkerMessage } from './import-ahead'
import { indexRowsAhead } from './index-rows-ahead'
import { readStreamLines } from './ndjson-lines'

async function main(): Promise<void> {
  const port = parentPort
  if (!port) throw new Error('import-worker-main runs only as a worker thread')
  const { file, batchSize, keyCodes, credits: initialCredits } = workerData as ImportWorkerData
  const codes = new Map(keyCodes)
  let credits = initialCredits
  let granted: (() => void) | null = null
  // The writer took a batch: one more may be prepared, with the key codes committed so far.
  port.on('message', (credit: ImportWorkerCredit) => {
    for (const [key, code] of credit.keyCodes) codes.set(key, code)
    credits++
    granted?.()
  })
  const post = async (message: ImportWorkerMessage) => {
    while (credits === 0) await new Promise<void>((resolve) => (granted = resolve))
    granted = null
    credits--
    port.postMessage(message)
  }

  let batch: AheadLine[] = []
  for await (const { number: line, text, bytes } of readStreamLines(fs.createReadStream(file))) {
    if (text.trim() === '') continue
    const parsed = parseDocumentLine(text)
    if ('problem' in parsed) {
      batch.push({ line, text, bytes, problem: parsed.problem })
      break // the writer stops at this line
    }
    // A document with files is indexed by the writer itself (the files change it first).
    const ahead = text.includes('"_sanityAsset"') ? undefined : indexRowsAhead(parsed.doc, codes)
    batch.push({ line, text, bytes, ahead })
    if (batch.length >= batchSize) {
      await post({ lines: batch })
      batch = []
    }
  }
  await post({ lines: batch, done: true })
}

main().catch((err: unknown) => {
  process.nextTick(() => {
    throw err // the worker's 'error' event on the writer's side
  })
})
