/**
 * The Actions API (`POST /data/actions/<dataset>`), which Studio 5 saves through: each document
 * action becomes mutations on the draft/published pair, and all actions of a request are one
 * all-or-nothing lake transaction, planned and committed inside the store's write queue (so a
 * publish checking `ifDraftRevisionId` cannot interleave with an edit).
 */

import { isLakeError, LakeError } from '../errors'
import { DRAFTS_PREFIX, invalidIdReason, isDraftId, randomTransactionId } from '../ids'
import { planTransaction, validateMutationList, validateTransactionId } from '../mutations'
import type { LakeStore } from '../store'
import type { LakeDocument } from '../types'

export interface ActionRequest {
  actions: unknown
  transactionId?: unknown
  dryRun?: boolean
}

type Mutation = Record<string, unknown>

export function actionError(status: number, type: string, description: string, index?: number): LakeError {
  const items = index === undefined ? [] : [{ error: { type, description }, index }]
  return new LakeError(status, description, { error: { type: 'actionError', description, items } })
}

const UNSUPPORTED_PREFIXES = ['sanity.action.release.', 'sanity.action.document.version.']
/** Studio deletes a document that exists only as a draft by discarding its "drafts." version. */
const DISCARD_VERSION = 'sanity.action.document.version.discard'

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function stringField(action: Record<string, unknown>, name: string, index: number): string {
  const value = action[name]
  if (typeof value !== 'string') throw actionError(400, 'validationError', `"${name}" must be a string`, index)
  const reason = invalidIdReason(value)
  if (reason) throw actionError(400, 'validationError', `"${name}": ${reason}`, index)
  return value
}

function draftField(action: Record<string, unknown>, index: number): string {
  const id = stringField(action, 'draftId', index)
  if (!isDraftId(id)) throw actionError(400, 'validationError', `"draftId" must start with "${DRAFTS_PREFIX}" (got "${id}")`, index)
  return id
}

/** A copy of a document with a new id, without the fields the lake sets itself. */
function copyAs(doc: LakeDocument, id: string): LakeDocument {
  const { _rev: _r, _updatedAt: _u, ...rest } = doc
  return { ...rest, _id: id }
}

/** The mutations one action stands for, given the documents as the earlier actions left them. */
function mutationsFor(action: unknown, index: number, read: (id: string) => LakeDocument | null): Mutation[] {
  if (!isObject(action)) throw actionError(400, 'validationError', 'An action must be an object', index)
  const type = action.actionType
  if (typeof type !== 'string') throw actionError(400, 'validationError', '"actionType" must be a string', index)
  const conflict = (description: string) => actionError(409, 'conflict', description, index)
  if (type === DISCARD_VERSION && typeof action.versionId === 'string' && isDraftId(action.versionId)) {
    if (!read(action.versionId)) throw conflict(`Cannot discard: version "${action.versionId}" does not exist`)
    return [{ delete: { id: action.versionId } }]
  }
  if (UNSUPPORTED_PREFIXES.some((prefix) => type.startsWith(prefix))) {
    throw actionError(400, 'notSupported', `"${type}": releases and versions are not supported by the embedded lake`, index)
  }
  switch (type) {
    case 'sanity.action.document.create': {
      const publishedId = stringField(action, 'publishedId', index)
      if (!isObject(action.attributes)) throw actionError(400, 'validationError', '"attributes" must be a document', index)
      const id = typeof action.attributes._id === 'string' ? action.attributes._id : `${DRAFTS_PREFIX}${publishedId}`
      if (id !== publishedId && id !== `${DRAFTS_PREFIX}${publishedId}`) {
        throw actionError(400, 'validationError', `"attributes._id" must be "${publishedId}" or its draft id`, index)
      }
      if (read(id)) {
        if (action.ifExists === 'ignore') return []
        throw conflict(`Document "${id}" already exists`)
      }
      return [{ create: { ...action.attributes, _id: id } }]
    }
    case 'sanity.action.document.replaceDraft': {
      const publishedId = stringField(action, 'publishedId', index)
      if (!isObject(action.attributes)) throw actionError(400, 'validationError', '"attributes" must be a document', index)
      return [{ createOrReplace: { ...action.attributes, _id: `${DRAFTS_PREFIX}${publishedId}` } }]
    }
    case 'sanity.action.document.edit': {
      const draftId = draftField(action, index)
      const publishedId = stringField(action, 'publishedId', index)
      if (!isObject(action.patch)) throw actionError(400, 'validationError', '"patch" must be an object', index)
      const out: Mutation[] = []
      if (!read(draftId)) {
        const published = read(publishedId)
        if (!published) throw actionError(404, 'documentNotFound', `Neither "${draftId}" nor "${publishedId}" exists`, index)
        out.push({ create: copyAs(published, draftId) })
      }
      out.push({ patch: { ...action.patch, id: draftId } })
      return out
    }
    case 'sanity.action.document.publish': {
      const draftId = draftField(action, index)
      const publishedId = stringField(action, 'publishedId', index)
      const draft = read(draftId)
      const published = read(publishedId)
      if (!draft) throw conflict(`Cannot publish: draft "${draftId}" does not exist`)
      if (action.ifDraftRevisionId !== undefined && action.ifDraftRevisionId !== draft._rev) {
        throw conflict(`Draft "${draftId}" has revision "${draft._rev}", expected "${String(action.ifDraftRevisionId)}"`)
      }
      if (action.ifPublishedRevisionId !== undefined && action.ifPublishedRevisionId !== (published?._rev ?? null)) {
        throw conflict(`Published "${publishedId}" has revision "${published?._rev ?? '(none)'}", expected "${String(action.ifPublishedRevisionId)}"`)
      }
      return [{ createOrReplace: copyAs(draft, publishedId) }, { delete: { id: draftId } }]
    }
    case 'sanity.action.document.unpublish': {
      const draftId = draftField(action, index)
      const publishedId = stringField(action, 'publishedId', index)
      const published = read(publishedId)
      if (!published) throw conflict(`Cannot unpublish: "${publishedId}" is not published`)
      const out: Mutation[] = read(draftId) ? [] : [{ create: copyAs(published, draftId) }]
      return [...out, { delete: { id: publishedId } }]
    }
    case 'sanity.action.document.discard': {
      const draftId = draftField(action, index)
      if (!read(draftId)) throw conflict(`Cannot discard: draft "${draftId}" does not exist`)
      return [{ delete: { id: draftId } }]
    }
    case 'sanity.action.document.delete': {
      const publishedId = stringField(action, 'publishedId', index)
      const drafts = action.includeDrafts ?? []
      if (!Array.isArray(drafts) || drafts.some((id) => typeof id !== 'string' || invalidIdReason(id))) {
        throw actionError(400, 'validationError', '"includeDrafts" must be an array of document ids', index)
      }
      const ids = [publishedId, ...(drafts as string[])]
      if (!ids.some((id) => read(id))) throw conflict(`Cannot delete: "${publishedId}" does not exist`)
      return ids.map((id) => ({ delete: { id } }))
    }
    default:
      throw actionError(400, 'validationError', `Unknown actionType "${type}"`, index)
  }
}

/** Runs the actions as one transaction; resolves to its id. */
export function runActions(store: LakeStore, request: ActionRequest, identity: string): Promise<{ transactionId: string }> {
  const { actions } = request
  if (!Array.isArray(actions) || actions.length === 0) {
    return Promise.reject(actionError(400, 'validationError', '"actions" must be a non-empty array'))
  }
  if (request.transactionId !== undefined && request.transactionId !== null) {
    try {
      validateTransactionId(request.transactionId)
    } catch (err) {
      return Promise.reject(err)
    }
  }
  const transactionId = typeof request.transactionId === 'string' ? request.transactionId : undefined
  return store.exclusive(() => {
    const now = new Date().toISOString()
    const mutations: Mutation[] = []
    let view = new Map<string, LakeDocument | null>()
    const read = (id: string) => (view.has(id) ? (view.get(id) ?? null) : store.readStored(id))
    const plan = (final: boolean, list: Mutation[]) =>
      planTransaction(list, {
        transactionId: final ? transactionId : 'planning',
        load: (id) => store.readStored(id),
        selections: new Map(),
        transactionIdTaken: (id) => final && store.database.hasTransaction(id),
        now,
      })
    actions.forEach((action, index) => {
      const more = mutationsFor(action, index, read)
      if (more.length === 0) return
      try {
        validateMutationList(more)
        mutations.push(...more)
        view = new Map(plan(false, mutations).changes.map((change) => [change.id, change.after]))
      } catch (err) {
        throw isLakeError(err) ? actionError(err.statusCode, 'mutationError', err.message, index) : err
      }
    })
    if (mutations.length === 0) return { transactionId: transactionId ?? randomTransactionId() }
    const planned = plan(true, mutations)
    if (!request.dryRun) store.commit({ transactionId: planned.transactionId, timestamp: planned.timestamp, changes: planned.changes, identity })
    return { transactionId: planned.transactionId }
  })
}
