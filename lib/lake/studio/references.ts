/**
 * `GET /data/references/<ds>/documents/<id>/to`: the documents that reference `<id>`, which Studio
 * asks when a document is opened, unpublished or deleted ("N documents refer to this one").
 * Studio asks with `excludeInternalReferences=true` (it finds same-dataset references itself with a
 * GROQ listener) and reads `{totalCount, references: [{documentId, projectId, datasetName}]}`.
 * The lake is one project with one dataset, so there are never cross-dataset references; without
 * `excludeInternalReferences=true` the dataset's own referrers are listed.
 */

import { badRequest } from '../errors'
import { invalidIdReason } from '../ids'
import type { LakeStore } from '../store'

export interface ReferringDocuments {
  totalCount: number
  references: { documentId: string; projectId: string; datasetName: string }[]
}

const MAX_LISTED = 100

export async function referencesTo(store: LakeStore, documentId: string, opts: { excludeInternalReferences: boolean }): Promise<ReferringDocuments> {
  const reason = invalidIdReason(documentId)
  if (reason) throw badRequest(reason)
  if (opts.excludeInternalReferences) return { totalCount: 0, references: [] }
  const { result } = await store.query(
    `{"ids": *[references($id)][0...${MAX_LISTED}]._id, "total": count(*[references($id)])}`,
    { id: documentId },
    { perspective: 'raw', authenticated: true },
  )
  const { ids, total } = result as { ids: string[]; total: number }
  return {
    totalCount: total,
    references: ids.map((id) => ({ documentId: id, projectId: store.projectId, datasetName: store.dataset })),
  }
}
