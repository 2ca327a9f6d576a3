import type { BreakingNewsView } from '@/lib/content/view-models'

/** Active from `activeFrom` (inclusive) until `activeUntil` (exclusive; null = open-ended). */
export function isBreakingNewsActive(item: BreakingNewsView, now: Date): boolean {
  const from = Date.parse(item.activeFrom)
  if (Number.isNaN(from) || now.getTime() < from) return false
  if (item.activeUntil === null) return true
  const until = Date.parse(item.activeUntil)
  return !Number.isNaN(until) && now.getTime() < until
}
