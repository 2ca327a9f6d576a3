/**
 * Mutations: validates a Sanity mutation request and computes its effect as one all-or-nothing
 * transaction. Nothing is written here; `commitTransaction` in the store persists the outcome.
 */

import { withArrayKeys } from './array-keys'
import { mutationError, mutationItemError } from './errors'
import { invalidIdReason, randomDocumentId, randomTransactionId } from './ids'
import { jsonValueProblem } from './json-limits'
import { applyPatch, validatePatch, type PatchSpec } from './patch'
import type { DocumentChange, LakeDocument } from './types'

export type MutationOperation = 'create' | 'update' | 'delete' | 'none'

export interface MutationResultItem {
  id: string
  operation: MutationOperation
  document?: LakeDocument
}

export interface PlanMutationsOptions {
  transactionId?: string
  autoGenerateArrayKeys?: boolean
  /** Reads the current (committed) document. */
  load: (id: string) => LakeDocument | null
  /** Resolves the ids selected by a `query` in delete/patch mutations (evaluated before the transaction). */
  selections: Map<number, string[]>
  transactionIdTaken: (transactionId: string) => boolean
  now: string
}

export interface PlannedTransaction {
  transactionId: string
  timestamp: string
  results: MutationResultItem[]
  changes: DocumentChange[]
}

const MUTATION_KINDS = ['create', 'createOrReplace', 'createIfNotExists', 'delete', 'patch'] as const
type MutationKind = (typeof MUTATION_KINDS)[number]

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Checks the envelope: a non-empty array of objects with exactly one known operation each. */
export function validateMutationList(mutations: unknown): asserts mutations is Record<string, unknown>[] {
  if (!Array.isArray(mutations)) throw mutationError(400, 'The request body must have a "mutations" array')
  if (mutations.length === 0) throw mutationError(400, 'The "mutations" array is empty')
  mutations.forEach((mutation, index) => {
    if (!isPlainObject(mutation)) throw mutationItemError(400, 'invalidMutationError', 'A mutation must be an object', index)
    const keys = Object.keys(mutation)
    if (keys.length !== 1 || !MUTATION_KINDS.includes(keys[0] as MutationKind)) {
      throw mutationItemError(400, 'invalidMutationError', `Unknown mutation: ${JSON.stringify(keys)}; expected one of ${MUTATION_KINDS.join(', ')}`, index)
    }
    const body = mutation[keys[0]]
    if (!isPlainObject(body)) throw mutationItemError(400, 'invalidMutationError', `"${keys[0]}" must be an object`, index)
    if (keys[0] === 'patch') validatePatch(body, index)
    if (keys[0] === 'delete') validateDelete(body, index)
  })
}

const DELETE_KEYS = new Set(['id', 'query', 'params', 'purge'])

function validateDelete(body: Record<string, unknown>, index: number): void {
  const fail = (description: string) => mutationItemError(400, 'invalidMutationError', description, index)
  for (const key of Object.keys(body)) if (!DELETE_KEYS.has(key)) throw fail(`Unknown "delete" key "${key}"; expected id or query (+ params)`)
  if (body.id === undefined && body.query === undefined) throw fail('"delete" needs an "id" or a "query"')
  if (body.id !== undefined && body.query !== undefined) throw fail('"delete" takes an "id" or a "query", not both')
  if (body.query !== undefined && typeof body.query !== 'string') throw fail('"delete.query" must be a string')
  if (body.params !== undefined && !isPlainObject(body.params)) throw fail('"delete.params" must be an object')
}

export function validateTransactionId(transactionId: unknown): asserts transactionId is string | undefined {
  if (transactionId === undefined) return
  if (typeof transactionId !== 'string' || !/^[a-zA-Z0-9._-]{1,128}$/.test(transactionId)) {
    throw mutationError(400, 'transactionId must be 1-128 characters of [a-zA-Z0-9._-]')
  }
}

export function planTransaction(mutations: Record<string, unknown>[], opts: PlanMutationsOptions): PlannedTransaction {
  const transactionId = opts.transactionId ?? randomTransactionId()
  if (opts.transactionIdTaken(transactionId)) {
    throw mutationError(409, `Transaction ID "${transactionId}" has already been used`)
  }
  const working = new Map<string, LakeDocument | null>()
  const original = new Map<string, LakeDocument | null>()
  const touchedBy = new Map<string, unknown[]>()
  const results: MutationResultItem[] = []

  const current = (id: string): LakeDocument | null => {
    if (working.has(id)) return working.get(id) ?? null
    const doc = opts.load(id)
    original.set(id, doc)
    working.set(id, doc)
    return doc
  }
  const write = (id: string, doc: LakeDocument | null, mutation: unknown): void => {
    current(id)
    working.set(id, doc)
    const list = touchedBy.get(id) ?? []
    list.push(mutation)
    touchedBy.set(id, list)
  }
  const keyed = <T>(value: T): T => (opts.autoGenerateArrayKeys ? withArrayKeys(value) : structuredClone(value))

  mutations.forEach((mutation, index) => {
    const kind = Object.keys(mutation)[0] as MutationKind
    const body = mutation[kind] as Record<string, unknown>
    if (kind === 'create' || kind === 'createOrReplace' || kind === 'createIfNotExists') {
      const doc = documentFromPayload(body, kind, index)
      const existing = current(doc._id)
      if (kind === 'create' && existing) {
        throw mutationItemError(409, 'documentAlreadyExistsError', `Document by ID "${doc._id}" already exists`, index, doc._id)
      }
      if (kind === 'createIfNotExists' && existing) {
        results.push({ id: doc._id, operation: 'none' })
        return
      }
      const createdAt = typeof doc._createdAt === 'string' ? doc._createdAt : existing?._createdAt ?? opts.now
      write(doc._id, { ...keyed(doc), _createdAt: createdAt }, { [kind]: body })
      results.push({ id: doc._id, operation: existing ? 'update' : 'create' })
      return
    }
    const ids = body.id !== undefined ? [selectId(body.id, index)] : (opts.selections.get(index) ?? []).map((id) => selectId(id, index))
    for (const id of ids) {
      if (kind === 'delete') {
        const existed = current(id) !== null
        if (existed) write(id, null, { delete: { id } })
        results.push({ id, operation: existed ? 'delete' : 'none' })
        continue
      }
      const patch = body as PatchSpec
      const doc = current(id)
      if (!doc) throw mutationItemError(404, 'documentNotFoundError', `Document "${id}" not found`, index, id)
      if (patch.ifRevisionID !== undefined && patch.ifRevisionID !== doc._rev) {
        throw mutationItemError(409, 'conflictError', `Document "${id}" has unexpected revision ID ("${doc._rev}"), expected "${patch.ifRevisionID}"`, index, id)
      }
      const patched = applyPatch(doc, opts.autoGenerateArrayKeys ? keyedPatch(patch) : patch, index)
      write(id, patched, { patch: { ...patch, id } })
      results.push({ id, operation: 'update' })
    }
  })

  const changes: DocumentChange[] = []
  for (const [id, mutationsOfDoc] of touchedBy) {
    const after = working.get(id) ?? null
    const stamped = after ? { ...after, _id: id, _rev: transactionId, _updatedAt: opts.now } : null
    if (stamped) working.set(id, stamped)
    changes.push({ id, before: original.get(id) ?? null, after: stamped, mutations: mutationsOfDoc })
  }
  for (const item of results) {
    const doc = working.get(item.id)
    if (doc) item.document = doc
  }
  return { transactionId, timestamp: opts.now, results, changes }
}

function selectId(id: unknown, index: number): string {
  const reason = invalidIdReason(id)
  if (reason) throw mutationItemError(400, 'invalidDocumentIdError', reason, index)
  return id as string
}

function documentFromPayload(body: Record<string, unknown>, kind: MutationKind, index: number): LakeDocument {
  let id = body._id
  if (id === undefined && kind === 'create') id = randomDocumentId()
  else if (kind === 'create' && typeof id === 'string' && id.endsWith('.')) id = `${id}${randomDocumentId()}`
  if (id === undefined) throw mutationItemError(400, 'invalidDocumentIdError', `"${kind}" requires a document with an _id`, index)
  const reason = invalidIdReason(id)
  if (reason) throw mutationItemError(400, 'invalidDocumentIdError', reason, index)
  if (typeof body._type !== 'string' || body._type.trim() === '') {
    throw mutationItemError(400, 'invalidDocumentError', `Document "${id as string}" must have a string _type`, index, id as string)
  }
  const problem = jsonValueProblem(body)
  if (problem) throw mutationItemError(400, 'invalidDocumentError', `Document "${id as string}": ${problem}`, index, id as string)
  if (body._createdAt !== undefined && (typeof body._createdAt !== 'string' || Number.isNaN(Date.parse(body._createdAt)))) {
    throw mutationItemError(400, 'invalidDocumentError', `Document "${id as string}": _createdAt must be an ISO 8601 date-time string`, index, id as string)
  }
  const { _rev: _ignoredRev, _updatedAt: _ignoredUpdatedAt, ...rest } = body
  return { ...rest, _id: id as string, _type: body._type }
}

function keyedPatch(patch: PatchSpec): PatchSpec {
  const out: PatchSpec = { ...patch }
  for (const op of ['set', 'setIfMissing'] as const) if (out[op]) out[op] = withArrayKeys(out[op])
  if (out.insert) out.insert = withArrayKeys(out.insert)
  return out
}
