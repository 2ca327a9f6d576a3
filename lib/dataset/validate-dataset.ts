import path from 'node:path'
import { DatasetIndex } from './dataset-index'
import { checkDocumentModel, checkDocumentStructure } from './document-checks'
import { readNdjsonDocuments, type ParsedNdjsonLine } from './ndjson'
import { ProgressReporter } from './progress'
import { SanityAssetResolver } from './sanity-assets'
import { documentTypeNames, loadStudioSchema, slugPaths, StudioValidator } from './studio-schema'
import { formatPath, type ValidationIssue } from './validation-issue'

export interface ValidateDatasetOptions {
  /** Called for each issue as it is found, in file order. */
  onIssue?: (issue: ValidationIssue) => void
  /** Progress lines on stderr for large files. Default true. */
  progress?: boolean
  /** How many issues the report keeps (all are counted and passed to `onIssue`). Default 1000. */
  keepIssues?: number
}

export interface DatasetValidationReport {
  file: string
  lines: number
  documents: number
  countsByType: Record<string, number>
  errors: number
  warnings: number
  issues: ValidationIssue[]
  ok: boolean
}

/** Types that come with Sanity itself and are not described by the project's schema. */
const SYSTEM_TYPE = /^(sanity\.|system\.)/
const BATCH_SIZE = 32

/**
 * Validates an NDJSON dataset file in two streaming passes: first an index of ids and slugs,
 * then every document against Sanity's schema rules (`validateDocument`), the site's zod models,
 * and the dataset checks (duplicate ids, references resolve, `_key`s, `_sanityAsset` files exist).
 */
export async function validateDataset(file: string, options: ValidateDatasetOptions = {}): Promise<DatasetValidationReport> {
  const schema = loadStudioSchema()
  const documentTypes = new Set(documentTypeNames(schema))
  const slugPathCache = new Map<string, string[]>()
  const slugPathsOf = (type: string) => {
    if (!slugPathCache.has(type)) slugPathCache.set(type, documentTypes.has(type) ? slugPaths(schema, type) : [])
    return slugPathCache.get(type)!
  }
  const showProgress = options.progress ?? true
  const index = await DatasetIndex.build(file, slugPathsOf, showProgress ? new ProgressReporter(`indexed lines of ${file}`) : undefined)
  const validator = new StudioValidator(schema, index, () => true)
  const assets = new SanityAssetResolver(path.dirname(path.resolve(file)))
  const keep = options.keepIssues ?? 1000
  const report: DatasetValidationReport = {
    file,
    lines: index.lines,
    documents: index.documents.size,
    countsByType: Object.fromEntries([...index.countsByType].sort(([a], [b]) => a.localeCompare(b))),
    errors: 0,
    warnings: 0,
    issues: [],
    ok: false,
  }
  const record = (issue: ValidationIssue) => {
    if (issue.level === 'error') report.errors += 1
    else if (issue.level === 'warning') report.warnings += 1
    if (report.issues.length < keep) report.issues.push(issue)
    options.onIssue?.(issue)
  }

  const firstPassIssues = [...index.issues]
  const checkOne = async (parsed: Extract<ParsedNdjsonLine, { ok: true }>): Promise<ValidationIssue[]> => {
    const line = parsed.lineNumber
    const original = parsed.value
    const documentId = typeof original._id === 'string' ? original._id : undefined
    const type = original._type
    if (!documentId || typeof type !== 'string') return []
    const issues: ValidationIssue[] = []
    const add = (source: ValidationIssue['source'], found: Array<Pick<ValidationIssue, 'level' | 'path' | 'message'>>) => {
      for (const issue of found) issues.push({ ...issue, line, documentId, source })
    }
    const { document, problems } = await assets.withAssetReferences(original)
    add('dataset', problems.map((problem) => ({ level: 'error', path: formatPath(problem.path, original), message: problem.message })))
    add('dataset', checkDocumentStructure(original, (id) => index.has(id)))
    if (documentTypes.has(type)) {
      const markers = await validator.validate(document)
      add('schema', markers.map((marker) => ({ level: marker.level, path: formatPath(marker.path, document), message: marker.message })))
      add('model', checkDocumentModel(document))
    } else if (!SYSTEM_TYPE.test(type)) {
      add('schema', [{ level: 'error', path: '_type', message: `Unknown document type "${type}"` }])
    }
    return issues
  }

  const progress = showProgress ? new ProgressReporter(`validated documents of ${file}`) : undefined
  let done = 0
  let batch: Array<Extract<ParsedNdjsonLine, { ok: true }>> = []
  const flush = async () => {
    const results = await Promise.all(batch.map(checkOne))
    for (const [i, issues] of results.entries()) {
      const line = batch[i].lineNumber
      while (firstPassIssues.length > 0 && (firstPassIssues[0].line ?? 0) <= line) record(firstPassIssues.shift()!)
      issues.forEach(record)
    }
    done += batch.length
    progress?.tick(done, index.lines)
    batch = []
  }
  for await (const parsed of readNdjsonDocuments(file)) {
    if (!parsed.ok) continue
    batch.push(parsed)
    if (batch.length >= BATCH_SIZE) await flush()
  }
  await flush()
  firstPassIssues.forEach(record)
  report.ok = report.errors === 0
  return report
}

/** The end-of-run summary: documents, by type, errors. */
export function formatValidationSummary(report: DatasetValidationReport): string {
  const byType = Object.entries(report.countsByType)
    .map(([type, count]) => `  ${type}: ${count}`)
    .join('\n')
  return [
    `${report.file}: ${report.documents} documents on ${report.lines} lines`,
    byType,
    `${report.errors} error(s), ${report.warnings} warning(s) — ${report.ok ? 'valid' : 'INVALID'}`,
  ]
    .filter(Boolean)
    .join('\n')
}
