/**
 * Document-group events (`GET /data/history/<ds>/events/documents/<id>`), the history Studio 5
 * shows in a document's timeline, derived from the lake's transaction log (`mutation_history`):
 * each transaction that touched a story's published id and/or its draft id is read as what an
 * editor did. Shapes and type names are the ones Studio 5.31 reads (`DocumentGroupEvent` in
 * `sanity`): the API sends `type`, `documentId` (always the published id), `author`, `timestamp`
 * and the revisions below; Studio adds `id` and `documentVariantType` itself.
 *
 *   draft created (or edited into being)  createDocumentVersion  versionId = draft, versionRevisionId = its first revision
 *   published document created directly   createDocumentVersion  versionId = published, revisionId = versionRevisionId = its revision
 *   draft discarded                        deleteDocumentVersion  versionId = draft, versionRevisionId = the deleting transaction
 *   draft published                        publishDocumentVersion revisionId = the published revision, versionRevisionId =
 *                                                                 the draft revision that was published, contributors
 *   published document withdrawn, draft    unpublishDocument      versionId = draft, versionRevisionId = the draft's revision
 *   kept or made from it
 *   published document (and draft) deleted deleteDocumentGroup
 *
 * Edits are not events: Studio builds "Edited" rows itself from the transaction log, starting at
 * the newest event's `versionRevisionId`. The published timeline gets the events that changed the
 * published document; the draft timeline gets those that concern the draft. Newest first, paged
 * with `limit` and an opaque `nextCursor` ('' on the last page).
 */

import type { HistoryRow } from '../sqlite'
import type Database from 'better-sqlite3'
import { badRequest } from '../errors'
import { DRAFTS_PREFIX, VERSIONS_PREFIX } from '../ids'

interface EventBase {
  documentId: string
  author: string
  timestamp: string
}

export type DocumentGroupEvent = EventBase &
  (
    | { type: 'createDocumentVersion'; releaseId: ''; versionId: string; versionRevisionId: string; revisionId?: string }
    | { type: 'deleteDocumentVersion'; releaseId: ''; versionId: string; versionRevisionId: string }
    | {
        type: 'publishDocumentVersion'
        releaseId: ''
        versionId: string
        revisionId: string
        versionRevisionId: string
        publishCause: 'document.publish'
        contributors: string[]
      }
    | { type: 'unpublishDocument'; releaseId: ''; versionId: string; versionRevisionId: string }
    | { type: 'deleteDocumentGroup' }
  )

export interface DocumentEventsPage {
  events: Record<string, DocumentGroupEvent[]>
  nextCursor: string
}

/** A mutation-history row without its mutations, with its sequence number (the order of commits). */
type LogRow = Omit<HistoryRow, 'mutations'> & { seq: number }

/** An event, with the sequence number of its transaction (the cursor) and which timelines show it. */
interface PlacedEvent {
  seq: number
  event: DocumentGroupEvent
  published: boolean
  draft: boolean
}

export const MAX_EVENTS_LIMIT = 100

export class DocumentEventsReader {
  private readonly rowsOf

  constructor(db: Database.Database) {
    this.rowsOf = db.prepare<[string, string], LogRow>(
      `SELECT seq, transaction_id AS transactionId, timestamp, identity, document_id AS documentId,
              previous_rev AS previousRev, result_rev AS resultRev
       FROM mutation_history WHERE document_id IN (?, ?) ORDER BY seq`,
    )
  }

  /** The events of `documentId`'s timeline (a published or a draft id), newest first. */
  eventsOf(documentId: string, opts: { limit: number; cursor?: string }): DocumentEventsPage {
    const before = opts.cursor ? Number(opts.cursor) : Infinity
    if (opts.cursor && !(Number.isSafeInteger(before) && before > 0)) throw badRequest(`"nextCursor" is not a cursor this endpoint gave out: "${opts.cursor.slice(0, 40)}"`)
    if (documentId.startsWith(VERSIONS_PREFIX)) return { events: { [documentId]: [] }, nextCursor: '' }
    const isDraft = documentId.startsWith(DRAFTS_PREFIX)
    const publishedId = isDraft ? documentId.slice(DRAFTS_PREFIX.length) : documentId
    const placed = this.groupEvents(publishedId, `${DRAFTS_PREFIX}${publishedId}`)
    const timeline = placed.filter((p) => (isDraft ? p.draft : p.published) && p.seq < before).reverse()
    const page = timeline.slice(0, opts.limit)
    const more = timeline.length > page.length
    return { events: { [documentId]: page.map((p) => p.event) }, nextCursor: more ? String(page[page.length - 1].seq) : '' }
  }

  /** Every event of the draft/published pair, oldest first. */
  private groupEvents(publishedId: string, draftId: string): PlacedEvent[] {
    const out: PlacedEvent[] = []
    let draftRev: string | null = null // the draft's revision as the log stands so far
    let contributors = new Set<string>() // who wrote the current draft
    const rows = this.rowsOf.all(publishedId, draftId)
    for (let i = 0; i < rows.length; ) {
      // One transaction's rows are consecutive: commits are serialised.
      const { seq, transactionId: txId } = rows[i]
      const group: LogRow[] = []
      while (i < rows.length && rows[i].transactionId === txId) group.push(rows[i++])
      const published = group.find((row) => row.documentId === publishedId)
      const draft = group.find((row) => row.documentId === draftId)
      const base = { documentId: publishedId, author: group[0].identity, timestamp: group[0].timestamp }
      const place = (event: DocumentGroupEvent, on: { published: boolean; draft: boolean }) => out.push({ seq, event, ...on })
      const draftAfter: string | null = draft ? draft.resultRev : draftRev

      if (published?.resultRev && draft?.previousRev && !draft.resultRev) {
        place(
          { ...base, type: 'publishDocumentVersion', releaseId: '', versionId: draftId, revisionId: published.resultRev, versionRevisionId: draft.previousRev, publishCause: 'document.publish', contributors: [...contributors] },
          { published: true, draft: true },
        )
      } else if (published?.previousRev && !published.resultRev) {
        if (draftAfter) place({ ...base, type: 'unpublishDocument', releaseId: '', versionId: draftId, versionRevisionId: draftAfter }, { published: true, draft: true })
        else place({ ...base, type: 'deleteDocumentGroup' }, { published: true, draft: true })
      } else {
        if (published && !published.previousRev && published.resultRev) {
          place(
            { ...base, type: 'createDocumentVersion', releaseId: '', versionId: publishedId, versionRevisionId: published.resultRev, revisionId: published.resultRev },
            { published: true, draft: false },
          )
        }
        if (draft && !draft.previousRev && draft.resultRev) {
          place({ ...base, type: 'createDocumentVersion', releaseId: '', versionId: draftId, versionRevisionId: draft.resultRev }, { published: false, draft: true })
        } else if (draft?.previousRev && !draft.resultRev) {
          place({ ...base, type: 'deleteDocumentVersion', releaseId: '', versionId: draftId, versionRevisionId: txId }, { published: false, draft: true })
        }
      }
      if (draft && !draft.previousRev) contributors = new Set()
      if (draft?.resultRev) contributors.add(base.author)
      draftRev = draftAfter
    }
    return out
  }
}
