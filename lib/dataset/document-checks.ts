import { documentModels, validateStoredDocument } from '../content/documents'
import type { ValidationIssue } from './validation-issue'
import { formatPath } from './validation-issue'

type Path = Array<string | number>

const ASSET_ID = /^(image|file)-/

/**
 * Dataset-level checks of one document that no schema rule covers:
 * every `_ref` resolves in the file, array objects carry unique `_key`s.
 */
export function checkDocumentStructure(
  document: Record<string, unknown>,
  exists: (id: string) => boolean,
): Array<Pick<ValidationIssue, 'level' | 'path' | 'message'>> {
  const issues: Array<Pick<ValidationIssue, 'level' | 'path' | 'message'>> = []
  const visit = (value: unknown, path: Path) => {
    if (Array.isArray(value)) {
      const seen = new Set<string>()
      value.forEach((item, index) => {
        if (item && typeof item === 'object' && !Array.isArray(item)) {
          const key = (item as Record<string, unknown>)._key
          if (typeof key !== 'string' || key === '') {
            issues.push({ level: 'error', path: formatPath([...path, index]), message: 'Array item is missing its _key' })
          } else if (seen.has(key)) {
            issues.push({ level: 'error', path: formatPath([...path, index]), message: `Duplicate _key "${key}" in the array` })
          } else seen.add(key)
        }
        visit(item, [...path, index])
      })
      return
    }
    if (!value || typeof value !== 'object') return
    const record = value as Record<string, unknown>
    if (typeof record._ref === 'string' && path.length > 0) {
      const ref = record._ref
      if (!exists(ref)) {
        const where = formatPath(path)
        if (ASSET_ID.test(ref)) {
          issues.push({ level: 'warning', path: where, message: `Asset "${ref}" is not in this file (use _sanityAsset to carry the file along)` })
        } else if (record._weak === true) {
          issues.push({ level: 'warning', path: where, message: `Weak reference to "${ref}" does not resolve in this file` })
        } else {
          issues.push({ level: 'error', path: where, message: `Reference to "${ref}" does not resolve in this file` })
        }
      }
    }
    for (const [key, child] of Object.entries(record)) visit(child, [...path, key])
  }
  visit(document, [])
  return issues
}

/**
 * The site's zod model of the document's type (lib/content/documents.ts), when it has one:
 * types without a model (e.g. Sanity's own) are left to the schema checks.
 */
export function checkDocumentModel(document: Record<string, unknown>): Array<Pick<ValidationIssue, 'level' | 'path' | 'message'>> {
  const type = document._type
  if (typeof type !== 'string' || !Object.hasOwn(documentModels, type)) return []
  const result = validateStoredDocument(document)
  return result.ok ? [] : result.issues.map((issue) => ({ level: 'error' as const, path: issue.path, message: issue.message }))
}
