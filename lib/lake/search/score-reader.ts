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
 * The candidates are the documents F's `match`es find. The index lists that bound them are read
 * within a budget, from the highest frequency down (`score-bounds.ts`): candidates the lists read
 * hold get their own bound, the others share one, so a common word costs a few thousand list
 * entries, not one per story.
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
import { scoreLattice, type BoundGroup, type GroupSource } from './score-lattice'
import type { ScorePlan, TieOrder } from './score-plan'
import type { TextLookup } from './text-query'
import { SCORE_FIELD_MARK } from './search-index'

/** Scores of the matches of F among `docs`, by view id (groq-js evaluating `*[F] | score(…)`). */
export type ScoreDocuments = (docs: LakeDocument[], dereference: DereferenceFunction) => Promise<Map<string, number>>

interface Ranked {
  id: string
  score: number
  key?: EncodedOrderKey
}

/**
 * `listBudget`: documents of the index lists read per term and text before bounding (see
 * `scoreBounds`); `largeGroup`: when the next group of candidates sharing one bound holds more
 * than this many times the results wanted while some lists were left unread, the lists are read
 * again with a budget 16 times larger (a list entry costs about a thousandth of scoring a
 * document); `fewCandidates`: up to how many candidates every list is read, limited to them
 * (F with one term, or several), instead of the lattice; `heldCandidates`: up to how many the
 * lattice holds them in memory rather than joining F's query to each vector. Measured at 100,000
 * stories (ADR 0015). Tests change them all.
 */
export const scoreReaderTuning = { listBudget: 4000, largeGroup: 8, fewCandidates: { oneTerm: 1000, terms: 20_000 }, heldCandidates: 60_000 }

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
  // The candidates: the documents F's `match`es find (all of them hold, so intersect). Read only
  // when needed: the lattice reaches them last, if at all.
  const within = filterQuery(db, plan.texts)
  if (within === null) return []
  const reader = new RankedReader(db, plan, view, dereference, scoreDocuments)
  const { listBudget, largeGroup, fewCandidates, heldCandidates } = scoreReaderTuning
  // Few candidates (a rare word among the terms): every index list, limited to them, gives each
  // its exact classes. More (common words): the lattice finds the best without listing them, its
  // vectors checked against the candidates held in memory, or (very many) against F's query.
  // One term: the lattice needs no check at all, so it stays cheap down to fewer candidates.
  const oneTerm = plan.texts.length === 1 && plan.texts[0].every((lookup) => lookup.terms.length === 1)
  const count = db.search.countMatchingUpTo(within, Math.max(heldCandidates, fewCandidates.terms) + 1)
  const few = count <= (oneTerm ? fewCandidates.oneTerm : fewCandidates.terms)
  let candidates: number[] | null = null
  const candidatesOf = () => (candidates ??= db.search.rowidsMatching(within))
  const lattice = few ? null : scoreLattice(db.search, plan.args, params)
  if (lattice) {
    const limit = !oneTerm && count <= heldCandidates ? new Set(candidatesOf()) : within
    const groups = lattice.groups(limit, plan.texts, (rowid) => reader.hasRead(rowid), () => candidatesOf().filter((rowid) => !reader.hasRead(rowid)))
    await reader.read(groups, Infinity)
    if (!groups.gaveUp) return reader.firstResults()
  }
  if (candidatesOf().length === 0) return []
  // Bounds from the top of the index lists (read within a budget); every other candidate shares
  // one. When that leaves too many candidates sharing a bound, more of the lists are read. With
  // many candidates, reading deeper lists at once is cheaper than scoring the documents loose
  // bounds would let through.
  const first = few ? Infinity : candidatesOf().length > 16 * listBudget ? 16 * listBudget : listBudget
  for (let budget = first; ; budget *= 16) {
    const bounds = scoreBounds(db.search, plan.args, params, budget, few ? within : undefined)
    if (!bounds) return null
    const unread = candidatesOf().filter((rowid) => !reader.hasRead(rowid))
    const groups = groupByBound(unread.map((rowid) => [rowid, bounds.listed.has(rowid) ? bounds.of(rowid) : bounds.rest]))
    if ((await reader.read(listedGroups(groups), bounds.complete ? Infinity : largeGroup * plan.need)) !== 'refine') break
  }
  return reader.firstResults()
}

/**
 * F's `match`es as one FTS5 query (each conjunct a union of lookups): it finds every match of F.
 * Null when one conjunct can match nothing.
 */
function filterQuery(db: LakeDatabase, unions: readonly TextLookup[][]): string | null {
  const conjuncts: string[] = []
  for (const union of unions) {
    const queries = union.map((lookup) => db.search.matchQuery(lookup)).filter((query): query is string => query !== null)
    if (queries.length === 0) return null
    conjuncts.push(`(${queries.join(' OR ')})`)
  }
  return conjuncts.join(' AND ')
}

/** Groups computed up front, as a source read one at a time. */
function listedGroups(groups: BoundGroup[]): GroupSource {
  let next = 0
  return { peek: () => groups[next]?.bound ?? -Infinity, take: () => groups[next++] ?? null }
}

/** Reads groups of documents in decreasing bound, keeping the exact scores of F's matches. */
class RankedReader {
  private readonly ranked: Ranked[] = []
  private readonly loaded = new Map<string, LakeDocument>()
  private readonly readRowids = new Set<number>()
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

  /**
   * Reads `groups` (every unread candidate, highest bound first) until no unread document can
   * enter the first `need` ('settled'), or all are read ('done'), or the next group to read holds
   * more than `largeGroup` documents ('refine': tighter bounds are cheaper than scoring it whole).
   */
  async read(groups: GroupSource, largeGroup: number): Promise<'settled' | 'done' | 'refine'> {
    const { plan, ranked } = this
    const { firstPage, maxPage } = orderedReaderTuning
    for (;;) {
      if (this.settledAbove(groups.peek())) return 'settled'
      const group = groups.take()
      if (!group) return 'done'
      if (group.rowids.length > largeGroup) return 'refine'
      const nextBound = groups.peek()
      group.rowids.forEach((rowid) => this.readRowids.add(rowid))
      const ids = [...this.db.search.idsOfRowids(group.rowids).values()].filter((id) => !this.loaded.has(id))
      const members = inTieOrder(this.db, ids, plan.tie)
      let pageSize = Math.max(1, Math.min(maxPage, firstPage(Math.max(0, plan.need - ranked.length))))
      for (let start = 0; start < members.length; start += pageSize, pageSize = Math.min(maxPage, pageSize * 2)) {
        await this.score(members.slice(start, start + pageSize))
        if (ranked.length < plan.need) continue
        const nth = ranked[plan.need - 1]
        if (nth.score > group.bound) return 'settled'
        const next = members[start + pageSize]
        if (plan.tie.kind !== 'other' && next && nth.score === group.bound && nth.score > nextBound && this.tieCompare(nth, next) < 0) return 'settled'
      }
    }
  }

  /** Whether a candidate's group has been read (scored, or found not to match F). */
  hasRead(rowid: number): boolean {
    return this.readRowids.has(rowid)
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
function groupByBound(bounds: Iterable<[number, number]>): BoundGroup[] {
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
