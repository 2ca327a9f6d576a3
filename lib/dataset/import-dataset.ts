import { importNdjson, openLakeStore } from '../lake'
import { importThroughClient, type ImportMode } from './client-import'
import { resolveContentTarget } from './content-target'
import { ProgressReporter } from './progress'
import { formatValidationSummary, validateDataset } from './validate-dataset'
import { formatIssue } from './validation-issue'

/**
 * `content import`: validates the file first (nothing is written if any document is invalid),
 * then loads it into the lake — through its HTTP API when a lake server is running, else into the
 * SQLite store in-process (one transaction) — or into a real project when SANITY_PROJECT_ID is set.
 */
export async function runImport(file: string, mode: ImportMode): Promise<boolean> {
  const report = await validateDataset(file, { onIssue: (issue) => console.error(formatIssue(issue)) })
  console.error(formatValidationSummary(report))
  if (!report.ok) {
    console.error('Nothing imported: fix the errors above first.')
    return false
  }
  const target = await resolveContentTarget()
  console.error(`importing ${file} into ${target.description} (mode: ${mode})`)
  const progress = new ProgressReporter('imported documents')
  let result: { documents: number; assets: number }
  if (target.kind === 'lake-store') {
    const store = openLakeStore(target.dataDir)
    try {
      result = await importNdjson(store, file, {
        mode,
        onProgress: ({ documents }) => progress.tick(documents, report.documents),
      })
    } finally {
      await store.close()
    }
  } else {
    result = await importThroughClient(target.client, file, mode, progress)
  }
  console.error(`imported ${result.documents} documents and ${result.assets} assets into ${target.description}`)
  return true
}
