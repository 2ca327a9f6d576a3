/**
 * Mendoza effects (`{apply, revert}`) for a document change, the format Studio asks for with
 * `effectFormat=mendoza` on listen and history. As the hosted Content Lake computes them, they
 * leave out `_rev` (Studio strips it, applies the patch, and stamps `resultRev` itself):
 * `applyPatch(withoutRev(before), apply)` is `withoutRev(after)`, and `revert` goes back.
 *
 * A created or deleted document is the literal `[0, value]` / `[0, null]` (Studio recognises
 * "created" and "deleted" by exactly that). A change is field by field, nested objects included,
 * so Studio's "Review changes" credits each changed field to the transaction that changed it.
 */

import type { LakeDocument } from '../types'

export interface MendozaEffects {
  apply: unknown[]
  revert: unknown[]
}

// Opcodes of mendoza's format (see the `mendoza` package's OPS table).
const VALUE = 0
const PUSH_FIELD_COPY = 10
const RETURN_INTO_OBJECT_SAME_KEY_POP = 15
const OBJECT_SET_FIELD_VALUE = 17
const OBJECT_DELETE_FIELD = 19

type Json = unknown
type JsonObject = Record<string, Json>

function isObject(value: Json): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function sameJson(a: Json, b: Json): boolean {
  if (a === b) return true
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, i) => sameJson(item, b[i]))
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a)
    return keys.length === Object.keys(b).length && keys.every((key) => key in b && sameJson(a[key], b[key]))
  }
  return false
}

/** The ops that turn object `left` into object `right` (the output starts as a copy of `left`). */
function objectPatch(left: JsonObject, right: JsonObject): unknown[] {
  const ops: unknown[] = []
  // Fields are addressed by their index among the input's keys, sorted.
  const leftKeys = Object.keys(left).sort()
  leftKeys.forEach((key, index) => {
    if (!(key in right)) ops.push(OBJECT_DELETE_FIELD, index)
  })
  for (const key of Object.keys(right)) {
    const index = leftKeys.indexOf(key)
    if (index >= 0 && sameJson(left[key], right[key])) continue
    if (index >= 0 && isObject(left[key]) && isObject(right[key])) {
      ops.push(PUSH_FIELD_COPY, index, ...objectPatch(left[key], right[key]), RETURN_INTO_OBJECT_SAME_KEY_POP)
    } else {
      ops.push(OBJECT_SET_FIELD_VALUE, right[key], key)
    }
  }
  return ops
}

function withoutRev(doc: LakeDocument | null): JsonObject | null {
  if (!doc) return null
  const { _rev: _ignored, ...rest } = doc
  return rest
}

function patch(from: JsonObject | null, to: JsonObject | null): unknown[] {
  return from && to ? objectPatch(from, to) : [VALUE, to]
}

export function mendozaEffects(before: LakeDocument | null, after: LakeDocument | null): MendozaEffects {
  const left = withoutRev(before)
  const right = withoutRev(after)
  return { apply: patch(left, right), revert: patch(right, left) }
}
