/**
 * Candidates of a score plan grouped by their score bound without reading any index list into
 * memory: SQLite FTS5 intersects the lists (ADR 0015, "Relevance").
 *
 * Every (text key, term) the score reads is a *slot*. The index tells, for each slot, which
 * documents hold the term at least t times (t = 1 "present", then `FREQUENCY_THRESHOLDS`), so a
 * document falls in one *class* per slot: absent, present (1), 2, 3, 4–5, 6–7, …, 64 and more.
 * A vector of classes, one per slot, bounds the document's score (`scoreBoundOf`, each slot's
 * frequency replaced by the top of its class), and the bound never falls when a class rises.
 *
 * The vectors are visited best first, from every slot at its highest class that holds a
 * document: each visited vector lowers one slot by one class at a time. A vector is an FTS5 query
 * (`"tok≥t" AND … NOT (absent slots)`): the documents in that vector's classes or higher. All
 * vectors of the highest remaining bound form one group: by then every vector with a higher
 * bound has been visited (the path to it from the top only passes higher bounds), so the group
 * holds every unread document whose bound is that value. The vector with every slot absent is
 * the documents the score's slots do not find at all: the rest of F's candidates.
 *
 * A word in most of the archive costs a few FTS5 intersections of its rare high classes, where
 * reading its lists cost ~100,000 rows. Many slots (several words over several texts) can make
 * the lattice large: past `LATTICE_LIMITS` the caller falls back to list bounds.
 */

import type { ExprNode } from 'groq-js'
import { scoreBoundOf } from './score-bounds'
import { FREQUENCY_THRESHOLDS, tokenQuery, type SearchIndex } from './search-index'
import type { TermLookup } from './match-text'
import { latticeFilter, type LatticeFilter } from './lattice-filter'
import type { TextLookup } from './text-query'

/** Beyond these the lattice gives way to list bounds (`score-reader.ts`). Tests shrink them. */
export const LATTICE_LIMITS = { slots: 6, vectors: 1500 }

/** A group of candidates sharing one bound, highest first. */
export interface BoundGroup {
  bound: number
  rowids: number[]
}

/** Groups read one at a time: `peek()` is the next group's bound (-Infinity: none left). */
export interface GroupSource {
  peek(): number
  take(): BoundGroup | null
}

interface Slot {
  code: number
  term: TermLookup
  /** The classes that hold a document, lowest first (0: absent; i ≥ 1: at least LEVELS[i] times). */
  classes: number[]
}

/** Class i ≥ 1 holds documents with the term at least LEVELS[i] times. */
const LEVELS = [0, 1, ...FREQUENCY_THRESHOLDS]

/** The highest frequency of class `level` (Infinity for the top class, or a term with wildcards). */
function classTop(slot: Slot, level: number): number {
  if (level === 0) return 0
  if (!slot.term.exact || level === LEVELS.length - 1) return Infinity
  return LEVELS[level + 1] - 1
}

/** The FTS5 query of "at least this class" in one slot. */
function classQuery(slot: Slot, level: number): string {
  return tokenQuery(slot.code, slot.term, level <= 1 || !slot.term.exact ? undefined : LEVELS[level])
}

export interface ScoreLattice {
  /**
   * The groups, each limited to F's candidates: `within` is F's `match`es as one FTS5 query (a
   * superset of F's matches) or the candidates themselves, `filter` F's `match`es as lookups (`lattice-filter.ts`); `rest`: F's
   * unread candidates (the vector with every slot absent).
   */
  groups(within: string | ReadonlySet<number>, filter: readonly TextLookup[][], isRead: (rowid: number) => boolean, rest: () => number[]): GroupSource & { readonly gaveUp: boolean }
}

/** The lattice of a score's slots, or null when the score cannot be bounded or has too many slots. */
export function scoreLattice(search: SearchIndex, args: readonly ExprNode[], params: Record<string, unknown>): ScoreLattice | null {
  const slots: Slot[] = []
  const slotIndex = new Map<string, number>()
  const boundOf = scoreBoundOf<number[]>(args, params, (key) => search.keyCode(key), (code, term) => {
    const name = slotName(code, term)
    let index = slotIndex.get(name)
    if (index === undefined) {
      slotIndex.set(name, (index = slots.length))
      slots.push({ code, term, classes: [] })
    }
    const slot = slots[index]
    return (vector) => classTop(slot, slot.classes[vector[index]])
  })
  if (!boundOf || slots.length > LATTICE_LIMITS.slots) return null
  for (const slot of slots) slot.classes = classesHolding(search, slot)
  const slotOf = (code: number, term: TermLookup) => slotIndex.get(slotName(code, term))
  return {
    groups: (within, filter, isRead, rest) =>
      new LatticeGroups(search, slots, boundOf, within, latticeFilter(filter, (key) => search.keyCode(key), slotOf, slots.length), isRead, rest),
  }
}

function slotName(code: number, term: TermLookup): string {
  return `${code}\u0000${term.literal}\u0000${term.exact}`
}

/** The classes of a slot that hold at least one document (0, absent, always). */
function classesHolding(search: SearchIndex, slot: Slot): number[] {
  const classes = [0]
  const top = slot.term.exact ? LEVELS.length - 1 : 1
  for (let level = 1; level <= top; level++) {
    if (!search.anyMatching(classQuery(slot, level))) break
    classes.push(level)
  }
  return classes
}

/** Vectors hold, per slot, a position in `slot.classes`. */
class LatticeGroups implements GroupSource {
  private readonly heap: { bound: number; vector: number[] }[] = []
  private readonly seen = new Set<string>()
  private visited = 0
  gaveUp = false

  constructor(
    private readonly search: SearchIndex,
    private readonly slots: Slot[],
    private readonly boundOf: (vector: number[]) => number,
    private readonly within: string | ReadonlySet<number>,
    private readonly filter: LatticeFilter,
    private readonly isRead: (rowid: number) => boolean,
    private readonly rest: () => number[],
  ) {
    this.push(slots.map((slot) => slot.classes.length - 1))
  }

  peek(): number {
    return this.gaveUp ? -Infinity : (this.heap[0]?.bound ?? -Infinity)
  }

  take(): BoundGroup | null {
    const top = this.heap[0]
    if (!top || this.gaveUp) return null
    const found = new Set<number>()
    while (this.heap.length > 0 && this.heap[0].bound === top.bound) {
      if (++this.visited > LATTICE_LIMITS.vectors) {
        this.gaveUp = true
        return null
      }
      const { vector } = this.pop()
      for (const rowid of this.documentsOf(vector)) if (!this.isRead(rowid)) found.add(rowid)
      vector.forEach((position, i) => {
        if (position > 0) this.push(vector.map((p, j) => (j === i ? p - 1 : p)))
      })
    }
    return { bound: top.bound, rowids: [...found] }
  }

  /** The documents in a vector's classes or higher (every slot absent: the rest of F's candidates). */
  private documentsOf(vector: number[]): number[] {
    const present: string[] = []
    const absent: string[] = []
    vector.forEach((position, i) => {
      const slot = this.slots[i]
      const level = slot.classes[position]
      if (level === 0) absent.push(classQuery(slot, 1))
      else present.push(classQuery(slot, level))
    })
    if (present.length === 0) return this.rest()
    if (this.filter.rulesOut((slot) => vector[slot] === 0)) return []
    const within = this.within
    const limit = this.filter.needsWithin && typeof within === 'string' ? ` AND (${within})` : ''
    const found = this.search.rowidsMatching(`(${present.join(' AND ')})${limit}${absent.length > 0 ? ` NOT (${absent.join(' OR ')})` : ''}`)
    return this.filter.needsWithin && typeof within !== 'string' ? found.filter((rowid) => within.has(rowid)) : found
  }

  private push(vector: number[]): void {
    const name = vector.join(',')
    if (this.seen.has(name)) return
    this.seen.add(name)
    const heap = this.heap
    heap.push({ bound: this.boundOf(vector), vector })
    for (let i = heap.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1
      if (heap[parent].bound >= heap[i].bound) break
      ;[heap[parent], heap[i]] = [heap[i], heap[parent]]
      i = parent
    }
  }

  private pop(): { bound: number; vector: number[] } {
    const heap = this.heap
    const top = heap[0]
    const last = heap.pop()!
    if (heap.length > 0) {
      heap[0] = last
      for (let i = 0; ; ) {
        const left = 2 * i + 1
        const right = left + 1
        let largest = i
        if (left < heap.length && heap[left].bound > heap[largest].bound) largest = left
        if (right < heap.length && heap[right].bound > heap[largest].bound) largest = right
        if (largest === i) break
        ;[heap[largest], heap[i]] = [heap[i], heap[largest]]
        i = largest
      }
    }
    return top
  }
}
