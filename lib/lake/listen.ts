/**
 * Listeners: after every commit, decides for each changed document whether it entered, stayed in
 * or left a listener's GROQ filter and produces the Content Lake's `mutation` events. The filter
 * runs in the store's GROQ runner (a query worker for the server) with a time limit per
 * transaction, so a slow filter never holds up a write or other listeners; past the limit the
 * listener is stopped with an error (`onError`) rather than silently missing events.
 */

import { visibleToAnonymous } from './document-reader'
import { isPrivateId } from './ids'
import { QUERY_LIMITS } from './query-limits'
import type { LakeStore } from './store'
import { mendozaEffects, type MendozaEffects } from './studio/effects'
import type { CommittedTransaction, DocumentChange, LakeDocument } from './types'

export interface ListenOptions {
  query: string
  params?: Record<string, unknown>
  includeResult?: boolean
  includePreviousRevision?: boolean
  includeMutations?: boolean
  /** `mendoza`: add `effects` ({apply, revert}) to mutation events, as Sanity Studio asks. */
  effectFormat?: 'mendoza'
  authenticated: boolean
  /** Whose budget of worker time the filter uses (see `query-pool.ts`). */
  client?: string
}

export interface MutationEvent {
  eventId: string
  documentId: string
  transactionId: string
  transition: 'appear' | 'update' | 'disappear'
  identity: string
  mutations?: unknown[]
  effects?: MendozaEffects
  previousRev?: string
  /** The document's revision after the transaction; the transaction id when it was deleted. */
  resultRev: string
  result?: LakeDocument
  previous?: LakeDocument | null
  timestamp: string
  visibility: 'query'
  transactionTotalEvents: number
  transactionCurrentEvent: number
}

/** Checks the listen query up front (limits, syntax, parameters) so a bad filter is a 400 before the stream opens. */
export async function prepareListenFilter(store: LakeStore, query: string, params: Record<string, unknown>): Promise<void> {
  await store.groq.checkListenFilter(query, params, store.queryTimeoutMs ?? QUERY_LIMITS.defaultQueryTimeoutMs)
}

/**
 * Subscribes to the store's commits. Events are delivered in commit order (each transaction is
 * evaluated after the previous one). When the filter cannot be evaluated for a transaction (past
 * its time limit, or no worker free) the subscription ends and `onError` gets the error.
 * Returns an unsubscribe function.
 */
export function subscribeToMutations(
  store: LakeStore,
  opts: ListenOptions,
  onEvent: (event: MutationEvent) => void,
  onError: (err: unknown) => void,
): () => void {
  let chain: Promise<void> = Promise.resolve()
  let active = true
  const stop = () => {
    active = false
    unsubscribe()
  }
  const unsubscribe = store.onCommit((tx) => {
    chain = chain
      .then(async () => {
        if (!active) return
        const events = await eventsFor(store, tx, opts)
        for (const event of events) if (active) onEvent(event)
      })
      .catch((err: unknown) => {
        if (!active) return
        stop()
        onError(err)
      })
  })
  return stop
}

async function eventsFor(store: LakeStore, tx: CommittedTransaction, opts: ListenOptions): Promise<MutationEvent[]> {
  // Anonymous listeners see what anonymous queries see: no private ids, no embargoed assets.
  const visible = tx.changes.filter((change) => {
    if (opts.authenticated) return true
    const doc = change.after ?? change.before
    return doc ? visibleToAnonymous(store.database, doc, store.publicAssets) : !isPrivateId(change.id)
  })
  if (visible.length === 0) return []
  const pairs = visible.map((change): [LakeDocument | null, LakeDocument | null] => [change.before, change.after])
  const matched = await store.groq.matchListenFilter(opts.query, opts.params ?? {}, pairs, store.listenFilterTimeoutMs, opts)
  const events: MutationEvent[] = []
  for (const [i, change] of visible.entries()) {
    const [before, after] = matched[i]
    if (!before && !after) continue
    events.push(toEvent(tx, change, before && after ? 'update' : after ? 'appear' : 'disappear', opts))
  }
  events.forEach((event, i) => {
    event.transactionTotalEvents = events.length
    event.transactionCurrentEvent = i + 1
  })
  return events
}

function toEvent(
  tx: CommittedTransaction,
  change: DocumentChange,
  transition: MutationEvent['transition'],
  opts: ListenOptions,
): MutationEvent {
  const event: MutationEvent = {
    eventId: `${tx.transactionId}#${change.id}`,
    documentId: change.id,
    transactionId: tx.transactionId,
    transition,
    // Studio's listener sequencer chains each document's events on previousRev → resultRev. As in
    // the hosted Content Lake, a document that disappears has no revision left, and its event
    // carries the transaction id as resultRev; a document that appears had none (no previousRev).
    resultRev: change.after?._rev ?? tx.transactionId,
    identity: tx.identity,
    timestamp: tx.timestamp,
    visibility: 'query',
    transactionTotalEvents: 1,
    transactionCurrentEvent: 1,
  }
  if (change.before?._rev) event.previousRev = change.before._rev
  if (opts.includeMutations !== false) event.mutations = change.mutations
  if (opts.effectFormat === 'mendoza') event.effects = mendozaEffects(change.before, change.after)
  if (opts.includeResult !== false && change.after) event.result = change.after
  if (opts.includePreviousRevision) event.previous = change.before
  return event
}
