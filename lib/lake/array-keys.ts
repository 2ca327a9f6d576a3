/** `autoGenerateArrayKeys`: gives every object inside an array a `_key` when it has none. */

import { randomBytes } from 'node:crypto'

export function randomKey(): string {
  return randomBytes(6).toString('hex')
}

/** Returns a copy of `value` where objects in arrays all carry a `_key`. */
export function withArrayKeys<T>(value: T): T {
  return addKeys(value, false) as T
}

function addKeys(value: unknown, inArray: boolean): unknown {
  if (Array.isArray(value)) return value.map((item) => addKeys(item, true))
  if (typeof value !== 'object' || value === null) return value
  const out: Record<string, unknown> = {}
  for (const [key, child] of Object.entries(value)) out[key] = addKeys(child, false)
  if (inArray && typeof out._key !== 'string') out._key = randomKey()
  return out
}
