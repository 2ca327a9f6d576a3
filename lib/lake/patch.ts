/**
 * Patches: validates the shape Sanity accepts and applies it with @sanity/mutator, so set,
 * unset, setIfMissing, inc, dec, insert and diffMatchPatch behave exactly as in Studio.
 */

import { extractWithPath, Mutation } from '@sanity/mutator'
import { mutationItemError } from './errors'
import { jsonValueProblem } from './json-limits'
import { patchPathProblem } from './patch-path'
import type { LakeDocument } from './types'

const PATCH_KEYS = new Set(['id', 'query', 'params', 'ifRevisionID', 'set', 'setIfMissing', 'unset', 'inc', 'dec', 'insert', 'diffMatchPatch'])
const PATH_MAP_OPS = ['set', 'setIfMissing', 'inc', 'dec', 'diffMatchPatch'] as const
const INSERT_KEYS = new Set(['before', 'after', 'replace', 'items'])

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
  const checkPath = (op: string, path: unknown) => {
    const problem = patchPathProblem(path)
    if (problem) throw fail(`Malformed path ${JSON.stringify(path)} in "${op}": ${problem}`)
  }
  for (const op of PATH_MAP_OPS) {
    const value = patch[op]
    if (value === undefined) continue
    if (!isPlainObject(value)) throw fail(`"${op}" must be an object of path → value`)
    for (const path of Object.keys(value)) checkPath(op, path)
    const problem = jsonValueProblem(value)
    if (problem) throw fail(`"${op}": ${problem}`)
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
  if (Array.isArray(patch.unset)) for (const path of patch.unset) checkPath('unset', path)
  if (patch.insert !== undefined) {
    const insert = patch.insert
    if (!isPlainObject(insert)) throw fail('"insert" must be an object')
    const unknown = Object.keys(insert).filter((k) => !INSERT_KEYS.has(k))
    if (unknown.length) throw fail(`Unknown "insert" key(s) ${unknown.map((k) => `"${k}"`).join(', ')}; expected before|after|replace and items`)
    const positions = ['before', 'after', 'replace'].filter((k) => k in insert)
    if (positions.length !== 1) throw fail('"insert" needs exactly one of "before", "after" or "replace"')
    if (typeof insert[positions[0]] !== 'string') throw fail(`"insert.${positions[0]}" must be a path`)
    checkPath(`insert.${positions[0]}`, insert[positions[0]])
    if (!Array.isArray(insert.items)) throw fail('"insert.items" must be an array')
    const problem = jsonValueProblem(insert.items)
    if (problem) throw fail(`"insert.items": ${problem}`)
  }
}

/** Applies a validated patch to a document; returns the new document (the input is not modified). */
export function applyPatch(doc: LakeDocument, patch: PatchSpec, index: number): LakeDocument {
  const { query: _query, params: _params, ifRevisionID: _rev, ...ops } = patch
  assertTargetTypes(doc, patch, index)
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
    throw mutationItemError(400, 'invalidPatchError', `Patch must leave "${doc._id}" a non-empty string _type`, index, doc._id)
  }
  if (result._createdAt !== doc._createdAt && (typeof result._createdAt !== 'string' || Number.isNaN(Date.parse(result._createdAt)))) {
    throw mutationItemError(400, 'invalidPatchError', `Patch must leave "${doc._id}" an ISO 8601 date-time _createdAt`, index, doc._id)
  }
  const problem = jsonValueProblem(result)
  if (problem) throw mutationItemError(400, 'invalidPatchError', `Patched "${doc._id}" would be invalid: ${problem}`, index, doc._id)
  return result
}

/**
 * `inc`/`dec` on a value that is not a number and `diffMatchPatch` on one that is not a string
 * are silently skipped by @sanity/mutator; the caller would believe the change was made.
 * (Missing targets stay a no-op, as in the Content Lake.)
 */
function assertTargetTypes(doc: LakeDocument, patch: PatchSpec, index: number): void {
  const checks = [
    ['inc', 'number'],
    ['dec', 'number'],
    ['diffMatchPatch', 'string'],
  ] as const
  for (const [op, expected] of checks) {
    const paths = patch[op] as Record<string, unknown> | undefined
    if (!paths) continue
    for (const path of Object.keys(paths)) {
      let matches: { value: unknown }[]
      try {
        matches = extractWithPath(path, doc) as { value: unknown }[]
      } catch {
        continue // reported by the mutator itself when the patch is applied
      }
      const wrong = matches.find((m) => m.value !== undefined && m.value !== null && typeof m.value !== expected)
      if (wrong) {
        const actual = Array.isArray(wrong.value) ? 'array' : typeof wrong.value
        throw mutationItemError(400, 'invalidPatchError', `Cannot apply "${op}" to "${path}" of "${doc._id}": the value is a${actual === 'array' || actual === 'object' ? 'n' : ''} ${actual}, not a ${expected}`, index, doc._id)
      }
    }
  }
}
