/**
 * The index rows of a document that depend on nothing but its content, computed before its write
 * transaction — on another thread during a bulk import (`import-worker-main.ts`): its search
 * index text (`documentTokens`), its references and its asset references. The writer uses them in
 * place of computing them (`LakeDatabase.writeDocument`).
 *
 * They are valid for the document a `create`, `createOrReplace` or `createIfNotExists` of the same
 * content writes: the lake adds only `_createdAt`, `_rev`, `_updatedAt` (and drops `_rev` and
 * `_updatedAt` from the payload), strings under `_` keys that none of the three indexes reads (the
 * search index skips paths with a `_` segment; references and asset references are read from
 * objects). Key codes of the search index are the writer's: the text is computed with the codes
 * the writer had committed when the batch was prepared, and the writer checks each
 * (`SearchIndex.write`).
 */

import { assetRefsOf } from './asset-refs'
import { referencesOf, type RecordedRef } from './reference-index'
import { documentTokens, type AheadTokens } from './search/search-index'

export interface IndexRowsAhead {
  /** Missing when the document has a search key the writer had not numbered yet. */
  search?: AheadTokens
  references: RecordedRef[]
  assetRefs: string[]
}

/**
 * A document's index rows; its search text only when `codes` (the writer's key codes, as far as
 * they are known) has every key it uses: new keys are numbered by the writer, in its transaction.
 */
export function indexRowsAhead(doc: unknown, codes: ReadonlyMap<string, number>): IndexRowsAhead {
  const keys = new Map<string, number>()
  let unknownKey = false
  const tokens = documentTokens(doc, (key) => {
    let code = keys.get(key)
    if (code === undefined) {
      code = codes.get(key)
      if (code === undefined) {
        unknownKey = true
        return 0
      }
      keys.set(key, code)
    }
    return code
  })
  const search = unknownKey ? undefined : { tokens, keys: [...keys] }
  return { search, references: referencesOf(doc), assetRefs: assetRefsOf(doc) }
}
