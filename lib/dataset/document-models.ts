import path from 'node:path'
import { existsSync } from 'node:fs'
import type { DocumentModel } from './document-checks'

/** Where the site's zod document models live (owned by the content-model work). */
export const DOCUMENT_MODELS_MODULE = path.resolve(__dirname, '../content/documents.ts')

/**
 * Loads `documentModels` (map `_type` → zod model of the stored document) from `lib/content/documents.ts`.
 * Returns `undefined` when the module does not exist yet, so the schema checks still run.
 */
export async function loadDocumentModels(): Promise<Record<string, DocumentModel> | undefined> {
  if (!existsSync(DOCUMENT_MODELS_MODULE)) return undefined
  const loaded = (await import(DOCUMENT_MODELS_MODULE)) as { documentModels?: Record<string, DocumentModel> }
  if (!loaded.documentModels) throw new Error(`${DOCUMENT_MODELS_MODULE} does not export documentModels`)
  return loaded.documentModels
}
