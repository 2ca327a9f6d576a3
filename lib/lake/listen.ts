/**
 * Listeners: after every commit, decides for each changed document whether it entered, stayed in
 * or left a listener's GROQ filter and produces the Content Lake's `mutation` events.
 */

import { evaluate, type ExprNode } from 'groq-js'
import { isPrivateId } from './ids'
import { assertParamsProvided, parseQuery } from './query-parser'
import type { LakeStore } from './store'
import type { CommittedTransaction, DocumentChange, LakeDocument } from './types'

export interface ListenOptions {
  query: string
  params?: Record<string, unknown>
  includeResult?: boolean
  includePreviousRevision?: boolean
  includeMutations?: boolean
  authenticated: boolean
}

export interface MutationEvent {
  eventId: string
  documentId: string
  transactionId: string
  transition: 'appear' | 'update' | 'disappear'
  identity: string
  mutations?: unknown[]
  previousRev?: string
  resultRev?: string
  result?: LakeDocument
  previous?: LakeDocument | null
  timestamp: string
  visibility: 'query'
  transactionTotalEvents: number
  transactionCurrentEvent: number
}

/** Parses the listen query up front so a bad filter is reported before the stream opens. */
export function prepareListenFilter(query: string, params: Record<string, unknown>): ExprNode {
  const tree = parseQuery(query, params)
  assertParamsProvided(tree, params, query)
  return tree
}

/**
 * Subscribes to the store's commits. Events are delivered in commit order (each transaction is
 * evaluated after the previous one). Returns an unsubscribe function.
 */
export function subscribeToMutations(
  store: LakeStore,
  opts: ListenOptions,
  tree: ExprNode,
  onEvent: (event: MutationEvent) => void,
): () => void {
  let chain: Promise<void> = Promise.resolve()
  let active = true
  const unsubscribe = store.onCommit((tx) => {
    chain = chain
      .then(async () => {
        if (!active) return
        const events = await eventsFor(tx, opts, tree)
        for (const event of events) if (active) onEvent(event)
      })
      .catch(() => undefined)
  })
  return () => {
    active = false
    unsubscribe()
  }
}

async function eventsFor(tx: CommittedTransaction, opts: ListenOptions, tree: ExprNode): Promise<MutationEvent[]> {
  const visible = tx.changes.filter((change) => opts.authenticated || !isPrivateId(change.id))
  const events: MutationEvent[] = []
  for (const change of visible) {
    const before = change.before ? await matches(tree, change.before, opts.params ?? {}) : false
    const after = change.after ? await matches(tree, change.after, opts.params ?? {}) : false
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
    identity: tx.identity,
    timestamp: tx.timestamp,
    visibility: 'query',
    transactionTotalEvents: 1,
    transactionCurrentEvent: 1,
  }
  if (change.before?._rev) event.previousRev = change.before._rev
  if (change.after?._rev) event.resultRev = change.after._rev
  if (opts.includeMutations !== false) event.mutations = change.mutations
  if (opts.includeResult !== false && change.after) event.result = change.after
  if (opts.includePreviousRevision) event.previous = change.before
  return event
}

/** A document matches when the listen query, evaluated over just that document, yields it. */
async function matches(tree: ExprNode, doc: LakeDocument, params: Record<string, unknown>): Promise<boolean> {
  try {
    const value = await evaluate(tree, { dataset: [doc], params })
    const result = await value.get()
    return Array.isArray(result) ? result.length > 0 : result !== null && result !== undefined && result !== false
  } catch {
    return false
  }
}
