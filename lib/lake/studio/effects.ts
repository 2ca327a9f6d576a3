/**
 * Mendoza effects (`{apply, revert}`) for a document change, the format Studio asks for with
 * `effectFormat=mendoza`. A whole-document replacement: `[0, value]` is mendoza's "output this
 * literal value", so `applyPatch(before, apply)` is `after` and `applyPatch(after, revert)` is
 * `before`.
 */

import type { LakeDocument } from '../types'

export interface MendozaEffects {
  apply: unknown[]
  revert: unknown[]
}

export function mendozaEffects(before: LakeDocument | null, after: LakeDocument | null): MendozaEffects {
  return { apply: [0, after], revert: [0, before] }
}
