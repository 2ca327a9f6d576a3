/** Constant-time comparison of two tokens. */

import { timingSafeEqual } from 'node:crypto'

export function safeTokenEqual(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}
