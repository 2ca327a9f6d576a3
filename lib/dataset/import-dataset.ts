import fs from 'node:fs'
import { resolveContentTarget } from './content-target'
import type { ImportMode } from './client-import'
import { isAssetId, scanImportFile, type ScanResult } from './import-scan'
import { openImportTarget, type ImportTarget } from './import-target'
import { RateProgress } from './progress'

/**
 * `content import`, at the speed of Sanity's own import and in bounded memory:
 * 1. checks the whole file in one streaming pass (`import-scan.ts`);
 * 2. resolves its references against the file and the target (the lake, or the Sanity project
 *    when SANITY_PROJECT_ID is set): a reference is refused only when its document is in neither;
 *    in `create` mode, ids the target already holds are refused too;
 * 3. prints one line per kind of problem (counts, a few examples) and writes nothing if any is an
 *    error;
 * 4. streams the file again and writes it in batches, one transaction each, with progress
 *    (rate and time left). See ADR 0015 for the batch semantics.
 */
export async function runImport(file: string, mode: ImportMode): Promise<boolean> {
  const size = fs.statSync(file).size
  const target = openImportTarget(await resolveContentTarget())
  try {
    // What the check keeps (ids, references) is let go before the write starts.
    if (!(await checkFile(file, size, target, mode))) {
      console.error('Nothing imported: fix the errors above first.')
      return false
    }
    console.error(`importing ${file} into ${target.description} (mode: ${mode})`)
    const writing = new RateProgress('writing')
    const result = await target.write(file, mode, (documents, bytes) => writing.update(documents, bytes / size))
    writing.finish(result.documents)
    console.error(`imported ${result.documents} documents and ${result.assets} assets into ${target.description}`)
    return true
  } finally {
    await target.close()
  }
}

/** Checks the file and resolves it against the target; prints the summary; true when nothing is an error. */
async function checkFile(file: string, size: number, target: ImportTarget, mode: ImportMode): Promise<boolean> {
  const checking = new RateProgress(`checking ${file}`)
  const scan = await scanImportFile(file, { onProgress: (bytes, documents) => checking.update(documents, bytes / size) })
  checking.finish(scan.documents)
  await resolveAgainstTarget(scan, target, mode)
  console.error(summaryOf(file, scan))
  for (const line of scan.problems.lines()) console.error(line)
  console.error(`${scan.problems.errors} error(s), ${scan.problems.warnings} warning(s)`)
  return scan.problems.errors === 0
}

/** Adds the problems only the target can tell: references in neither the file nor the target, ids it already holds. */
async function resolveAgainstTarget(scan: ScanResult, target: ImportTarget, mode: ImportMode): Promise<void> {
  const outside = [...scan.references.keys()].filter((id) => !scan.ids.has(id))
  const found = outside.length > 0 ? await target.existingIds(outside) : new Set<string>()
  const where = `in neither the file nor the target (${target.description})`
  for (const id of outside) {
    if (found.has(id)) continue
    const uses = scan.references.get(id)!
    const what = isAssetId(id) ? 'asset' : 'document'
    const kinds: [number, 'error' | 'warning', string][] = [
      [uses.strong, 'error', `reference to a ${what} ${where}`],
      [uses.weak, 'warning', `weak reference to a ${what} ${where}`],
    ]
    for (const [count, level, kind] of kinds) {
      if (count === 0) continue
      // Every use is counted; the first few referring documents are the examples.
      const examples = uses.examples.slice(0, count)
      examples.forEach((use, i) => scan.problems.add(level, kind, { ...use, detail: `→ "${id}"` }, i === 0 ? count - examples.length + 1 : 1))
    }
  }
  if (mode !== 'create' || scan.ids.size === 0) return
  const taken = await target.existingIds([...scan.ids.keys()])
  for (const id of taken) {
    scan.problems.add('error', `document already in ${target.description} (import with --replace to overwrite, or --missing to skip it)`, { id, line: scan.ids.get(id) })
  }
}

function summaryOf(file: string, scan: ScanResult): string {
  const byType = [...scan.countsByType].sort(([a], [b]) => a.localeCompare(b)).map(([type, count]) => `  ${type}: ${count}`)
  return [`${file}: ${scan.documents} documents on ${scan.lines} lines`, ...byType].join('\n')
}
