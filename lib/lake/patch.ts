/**
 * Patches: validates the shape Sanity accepts and applies it with @sanity/mutator, so set,
 * unset, setIfMissing, inc, dec, insert and diffMatchPatch behave exactly as in Studio.
 */

import { Mutation } from '@sanity/mutator'
import { mutationItemError } from './errors'
import type { LakeDocument } from './types'

const PATCH_KEYS = new Set(['id', 'query', 'params', 'ifRevisionID', 'set', 'setIfMissing', 'unset', 'inc', 'dec', 'insert', 'diffMatchPatch'])
const PATH_MAP_OPS = ['set', 'setIfMissing', 'inc', 'dec', 'diffMatchPatch'] as const

export interface PatchSpec {
  id?: string
  query?: string
  params?: Record<string, unknown>
  ifRevisionID?: string
  [op: string]: unknown
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Throws a 400 mutationError when the patch is malformed. */
export function validatePatch(patch: unknown, index: number): asserts patch is PatchSpec {
  const fail = (description: string) => mutationItemError(400, 'invalidPatchError', description, index)
  if (!isPlainObject(patch)) throw fail('Patch must be an object')
  for (const key of Object.keys(patch)) if (!PATCH_KEYS.has(key)) throw fail(`Unknown patch operation "${key}"`)
  if (patch.id === undefined && patch.query === undefined) throw fail('Patch needs an "id" or a "query"')
  if (patch.id !== undefined && typeof patch.id !== 'string') throw fail('Patch "id" must be a string')
  if (patch.query !== undefined && typeof patch.query !== 'string') throw fail('Patch "query" must be a string')
  if (patch.params !== undefined && !isPlainObject(patch.params)) throw fail('Patch "params" must be an object')
  if (patch.ifRevisionID !== undefined && typeof patch.ifRevisionID !== 'string') throw fail('"ifRevisionID" must be a string')
  for (const op of PATH_MAP_OPS) {
    const value = patch[op]
    if (value === undefined) continue
    if (!isPlainObject(value)) throw fail(`"${op}" must be an object of path → value`)
    if ((op === 'inc' || op === 'dec') && !Object.values(value).every((v) => typeof v === 'number' && Number.isFinite(v))) {
      throw fail(`"${op}" values must be numbers`)
    }
    if (op === 'diffMatchPatch' && !Object.values(value).every((v) => typeof v === 'string')) {
      throw fail('"diffMatchPatch" values must be patch strings')
    }
  }
  if (patch.unset !== undefined && (!Array.isArray(patch.unset) || !patch.unset.every((p) => typeof p === 'string'))) {
    throw fail('"unset" must be an array of paths')
  }
  if (patch.insert !== undefined) {
    const insert = patch.insert
    if (!isPlainObject(insert)) throw fail('"insert" must be an object')
    const positions = ['before', 'after', 'replace'].filter((k) => k in insert)
    if (positions.length !== 1) throw fail('"insert" needs exactly one of "before", "after" or "replace"')
    if (typeof insert[positions[0]] !== 'string') throw fail(`"insert.${positions[0]}" must be a path`)
    if (!Array.isArray(insert.items)) throw fail('"insert.items" must be an array')
  }
}

/** Applies a validated patch to a document; returns the new document (the input is not modified). */
export function applyPatch(doc: LakeDocument, patch: PatchSpec, index: number): LakeDocument {
  const { query: _query, params: _params, ifRevisionID: _rev, ...ops } = patch
  let result: LakeDocument | null
  try {
    const mutation = new Mutation({ mutations: [{ patch: { ...ops, id: doc._id } as never }] })
    result = mutation.apply(structuredClone(doc)) as LakeDocument | null
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    throw mutationItemError(400, 'invalidPatchError', `Patch could not be applied to "${doc._id}": ${message}`, index, doc._id)
  }
  if (!result || result._id !== doc._id) {
    throw mutationItemError(400, 'invalidPatchError', `Patch may not change the _id of "${doc._id}"`, index, doc._id)
  }
  if (typeof result._type !== 'string' || result._type === '') {
    throw mutationItemError(400, 'invalidPatchError', `Patch may not remove the _type of "${doc._id}"`, index, doc._id)
  }
  return result
}
