/**
 * Candidates of a score plan (`score-plan.ts`), read in decreasing order of their score bound
 * (`score-bounds.ts`) until the first `need` results are known.
 *
 * Why the result cannot change: groq-js sorts F's matches by score (highest first), then by the
 * tie order (dataset order, or a second order key and then dataset order), and slices. Every
 * unread candidate scores at most its bound. Reading stops when the `need`-th best result read so
 * far, t, outranks every unread candidate: t scores above the highest unread bound, or (when the
 * tie order is known) t scores exactly the bound of the group being read, no unread group is as
 * high, and the group is read in tie order up to a document that t precedes. Documents that are
 * not candidates (no `match` of F finds them) are not matches of F. groq-js then evaluates the
 * whole query over the documents that can be among the first `need` (every one read that scores
 * at least the `need`-th), so the first `need` results are the same.
 *
 * Two passes: first only the documents the top of the index lists hold (read within a budget),
 * every other document bounded by one common bound; when those cannot settle the first results,
 * every candidate (the documents F's `match`es find) gets its own bound and reading goes on.
 */

import type { DereferenceFunction } from 'groq-js'
import { readViewDocuments } from '../document-reader'
import { isFlatView } from '../lookup-conditions'
import { compareOrderKeys, encodeOrderKey, type EncodedOrderKey } from '../order-keys'
import { orderedReaderTuning } from '../ordered-reader'
import type { ResolvedView } from '../perspective'
import type { LakeDatabase } from '../sqlite'
import type { LakeDocument } from '../types'
import { scoreBounds } from './score-bounds'
import type { ScorePlan, TieOrder } from './score-plan'
import { SCORE_FIELD_MARK } from './search-index'

/** Scores of the matches of F among `docs`, by view id (groq-js evaluating `*[F] | score(…)`). */
export type ScoreDocuments = (docs: LakeDocument[], dereference: DereferenceFunction) => Promise<Map<string, number>>

interface Ranked {
  id: string
  score: number
  key?: EncodedOrderKey
}

/** Index lists read before every candidate is bounded (see `scoreBounds`): a few thousand documents per term and text (tests shrink it). */
export const scoreReaderTuning = { listBudget: 4000 }

/** The candidates to evaluate the query over, or null when the plan does not apply here. */
export async function readScoredCandidates(
  db: LakeDatabase,
  plan: ScorePlan,
  view: ResolvedView,
  params: Record<string, unknown>,
  dereference: DereferenceFunction,
  scoreDocuments: ScoreDocuments,
): Promise<LakeDocument[] | null> {
  // Ties need view ids in stored order; a stored `_score` adds to the computed one.
  if (!isFlatView(view) || db.search.anyMatching(`"${SCORE_FIELD_MARK}"`)) return null
  const queries = plan.texts.map((text) => db.search.matchQuery(text))
  if (queries.some((query) => query === null)) return []
  // First the documents the top of the index lists hold: usually the first results are among them.
  const budgeted = scoreBounds(db.search, plan.args, params, scoreReaderTuning.listBudget)
  if (!budgeted) return null
  const reader = new RankedReader(db, plan, view, dereference, scoreDocuments)
  const above = [...budgeted.listed].filter(([, bound]) => bound > budgeted.rest)
  if (!(await reader.read(groupByBound(above), budgeted.rest))) {
    // Every candidate (the documents F's `match`es find), each with its own bound.
    let candidates: number[] | null = null
    for (const query of queries as string[]) {
      const rowids = db.search.rowidsMatching(query)
      const within: Set<number> | null = candidates === null ? null : new Set(candidates)
      candidates = within === null ? rowids : rowids.filter((rowid) => within.has(rowid))
    }
    const full = scoreBounds(db.search, plan.args, params)!
    await reader.read(groupByBound((candidates ?? []).map((rowid) => [rowid, full.listed.get(rowid) ?? full.rest])), -Infinity)
  }
  return reader.firstResults()
}

/** Reads groups of documents in decreasing bound, keeping the exact scores of F's matches. */
class RankedReader {
  private readonly ranked: Ranked[] = []
  private readonly loaded = new Map<string, LakeDocument>()
  private readonly compare: (a: Ranked, b: Ranked) => number
  private readonly tieCompare: (a: Ranked, b: Ranked) => number

  constructor(
    private readonly db: LakeDatabase,
    private readonly plan: ScorePlan,
    private readonly view: ResolvedView,
    private readonly dereference: DereferenceFunction,
    private readonly scoreDocuments: ScoreDocuments,
  ) {
    this.compare = rankComparator(plan.tie)
    this.tieCompare = tieComparator(plan.tie)
  }

  /** Reads `groups` (documents already read are skipped); true once no unread document bounded by `floor` can enter the first `need`. */
  async read(groups: { bound: number; rowids: number[] }[], floor: number): Promise<boolean> {
    const { plan, ranked } = this
    const { firstPage, maxPage } = orderedReaderTuning
    for (const [g, group] of groups.entries()) {
      const nextBound = groups[g + 1]?.bound ?? floor
      if (this.settledAbove(group.bound)) return true
      const ids = [...this.db.search.idsOfRowids(group.rowids).values()].filter((id) => !this.loaded.has(id))
      const members = inTieOrder(this.db, ids, plan.tie)
      let pageSize = Math.max(1, Math.min(maxPage, firstPage(Math.max(0, plan.need - ranked.length))))
      for (let start = 0; start < members.length; start += pageSize, pageSize = Math.min(maxPage, pageSize * 2)) {
        await this.score(members.slice(start, start + pageSize))
        if (ranked.length < plan.need) continue
        const nth = ranked[plan.need - 1]
        if (nth.score > group.bound) return true
        const next = members[start + pageSize]
        if (plan.tie.kind !== 'other' && next && nth.score === group.bound && nth.score > nextBound && this.tieCompare(nth, next) < 0) return true
      }
    }
    return this.settledAbove(floor)
  }

  /** Whether the first `need` results all score above `bound` (no document bounded by it can enter). */
  private settledAbove(bound: number): boolean {
    return this.ranked.length >= this.plan.need && this.ranked[this.plan.need - 1].score > bound
  }

  private async score(members: Ranked[]): Promise<void> {
    const docs = readViewDocuments(this.db, members.map((member) => member.id), this.view)
    for (const doc of docs) this.loaded.set(doc._id, doc)
    const scores = await this.scoreDocuments(docs, this.dereference)
    const tie = this.plan.tie
    for (const doc of docs) {
      const score = scores.get(doc._id)
      if (score !== undefined) this.ranked.push({ id: doc._id, score, key: tie.kind === 'key' ? encodeOrderKey(doc[tie.field]) : undefined })
    }
    this.ranked.sort(this.compare)
  }

  /**
   * Only what can be in the first `need` results: higher scores, and every document read that ties
   * with the last of them (groq-js orders the ties itself), in dataset order.
   */
  firstResults(): LakeDocument[] {
    const last = this.ranked[Math.min(this.plan.need, this.ranked.length) - 1]
    const kept = this.ranked.filter((entry) => last === undefined || entry.score >= last.score).map((entry) => this.loaded.get(entry.id)!)
    return kept.sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0))
  }
}

/** Documents grouped by bound, highest first. */
function groupByBound(bounds: Iterable<[number, number]>): { bound: number; rowids: number[] }[] {
  const byBound = new Map<number, number[]>()
  for (const [rowid, bound] of bounds) {
    const rowids = byBound.get(bound)
    if (rowids) rowids.push(rowid)
    else byBound.set(bound, [rowid])
  }
  return [...byBound].sort((a, b) => b[0] - a[0]).map(([bound, rowids]) => ({ bound, rowids }))
}

/** Orders results as groq-js does: score (highest first), then the tie order. */
function rankComparator(tie: TieOrder): (a: Ranked, b: Ranked) => number {
  const byTie = tieComparator(tie)
  return (a, b) => (a.score !== b.score ? b.score - a.score : byTie(a, b))
}

/** The order of equal scores: the second order key (when it is an order-key field), then dataset order. */
function tieComparator(tie: TieOrder): (a: Ranked, b: Ranked) => number {
  return (a, b) => {
    if (tie.kind === 'key' && a.key && b.key) {
      const byKey = compareOrderKeys(a.key, b.key)
      if (byKey !== 0) return tie.direction === 'desc' ? -byKey : byKey
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
  }
}

/** A group's documents in the result's tie order (score 0 here: only the tie order counts). */
function inTieOrder(db: LakeDatabase, ids: string[], tie: TieOrder): Ranked[] {
  const members: Ranked[] = ids.map((id) => ({ id, score: 0 }))
  if (tie.kind === 'key') {
    const keys = db.queries.orderKeysOf(tie.field, ids)
    for (const member of members) member.key = keys.get(member.id)
  }
  return members.sort(tieComparator(tie))
}
