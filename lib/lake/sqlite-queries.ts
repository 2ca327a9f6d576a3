/**
 * Reads of stored-row ids and order keys under an SQL condition (`lookup-conditions.ts`): the
 * candidates of a `*`, exact counts, and rows streamed in order-key or id order (keyset pages, no
 * bodies). Statements are prepared once per distinct SQL text (a small cache).
 */

import type Database from 'better-sqlite3'
import { ORDER_KEY_COLUMNS, type OrderKeyField, type OrderKeyValue } from './order-keys'
import type { SqlCondition } from './search/search-index'

/** A row streamed in order-key order (no body). */
export interface OrderedRow {
  id: string
  rank: number
  value: OrderKeyValue
}

export type OrderDirection = 'asc' | 'desc'

/** An order key as stored: type rank and value. */
export type OrderKey = Omit<OrderedRow, 'id'>

export interface OrderedScan {
  field: OrderKeyField
  direction: OrderDirection
  /** Which rows (must include a `type` restriction, so the `(type, key)` index drives the scan). */
  where: SqlCondition
}

/**
 * Documents of `types` referencing one of `targets` at `path`, read from the reference index in
 * `publishedAt` order (`reference-index.ts`); `publicOnly` leaves out private ids.
 */
export interface ReferenceScan {
  targets: readonly string[]
  path: string
  types: readonly string[]
  direction: OrderDirection
  publicOnly: boolean
}

const MAX_STATEMENTS = 200

export class ConditionQueries {
  private readonly statements = new Map<string, Database.Statement>()

  constructor(private readonly db: Database.Database) {}

  /** Stored ids of the rows matching `where`. */
  ids(where: SqlCondition): string[] {
    return (this.statement(`SELECT id FROM documents WHERE ${where.sql}`).pluck().all(...where.params) as string[])
  }

  count(where: SqlCondition): number {
    return Number(this.statement(`SELECT count(*) FROM documents WHERE ${where.sql}`).pluck().get(...where.params) ?? 0)
  }

  /** Ids matching `where` after `after` (exclusive) in id order, at most `limit`. */
  idsInOrder(where: SqlCondition, after: string | null, limit: number): string[] {
    const keyset = after === null ? '' : ' AND id > ?'
    const sql = `SELECT id FROM documents WHERE (${where.sql})${keyset} ORDER BY id LIMIT ?`
    const args = after === null ? [...where.params, limit] : [...where.params, after, limit]
    return this.statement(sql).pluck().all(...args) as string[]
  }

  /**
   * Rows in order-key order (ties by id, in the same direction), `limit` at a time, strictly after
   * `after` (keyset pagination), from the key `from` on (inclusive) when given.
   */
  orderedPage(scan: OrderedScan, after: OrderedRow | null, limit: number, from?: OrderKey): OrderedRow[] {
    const stem = ORDER_KEY_COLUMNS[scan.field]
    const page = keysetPage(`${stem}_r`, `${stem}_v`, 'id', scan.direction, after, limit, from)
    const sql = `SELECT id, ${stem}_r AS rank, ${stem}_v AS value FROM documents WHERE (${scan.where.sql})${page.sql}`
    return this.statement(sql).all(...scan.where.params, ...page.params) as OrderedRow[]
  }

  /** `orderedPage` over a reference scan (`publishedAt` order): one index range per target. */
  referencePage(scan: ReferenceScan, after: OrderedRow | null, limit: number, from?: OrderKey): OrderedRow[] {
    const page = keysetPage('published_r', 'published_v', 'source_id', scan.direction, after, limit, from)
    const sql = `SELECT source_id AS id, published_r AS rank, published_v AS value FROM document_refs WHERE ${referenceScanWhere(scan)}${page.sql}`
    return this.statement(sql).all(...referenceScanParams(scan), ...page.params) as OrderedRow[]
  }

  /** The order key of the row at `offset` (0-based) in the scan's order, or null past the end. */
  keyAt(scan: OrderedScan, offset: number): OrderKey | null {
    const stem = ORDER_KEY_COLUMNS[scan.field]
    const dir = scan.direction === 'desc' ? 'DESC' : 'ASC'
    const sql = `SELECT ${stem}_r AS rank, ${stem}_v AS value FROM documents WHERE ${scan.where.sql} ORDER BY ${stem}_r ${dir}, ${stem}_v ${dir}, id ${dir} LIMIT 1 OFFSET ?`
    return (this.statement(sql).get(...scan.where.params, offset) as OrderKey | undefined) ?? null
  }

  /** How many rows sort strictly before `key` in the scan's order. */
  countBefore(scan: OrderedScan, key: OrderKey): number {
    const stem = ORDER_KEY_COLUMNS[scan.field]
    const cmp = scan.direction === 'desc' ? '>' : '<'
    const sql = `SELECT count(*) FROM documents WHERE (${scan.where.sql}) AND (${stem}_r, ${stem}_v) ${cmp} (?, ?)`
    return Number(this.statement(sql).pluck().get(...scan.where.params, key.rank, key.value) ?? 0)
  }

  /** `keyAt` over a reference scan: one index range per target. */
  referenceKeyAt(scan: ReferenceScan, offset: number): OrderKey | null {
    const dir = scan.direction === 'desc' ? 'DESC' : 'ASC'
    const sql = `SELECT published_r AS rank, published_v AS value FROM document_refs WHERE ${referenceScanWhere(scan)} ORDER BY published_r ${dir}, published_v ${dir}, source_id ${dir} LIMIT 1 OFFSET ?`
    return (this.statement(sql).get(...referenceScanParams(scan), offset) as OrderKey | undefined) ?? null
  }

  /** `countBefore` over a reference scan. */
  referenceCountBefore(scan: ReferenceScan, key: OrderKey): number {
    const cmp = scan.direction === 'desc' ? '>' : '<'
    const sql = `SELECT count(*) FROM document_refs WHERE ${referenceScanWhere(scan)} AND (published_r, published_v) ${cmp} (?, ?)`
    return Number(this.statement(sql).pluck().get(...referenceScanParams(scan), key.rank, key.value) ?? 0)
  }

  /** The order key of each of `ids` (missing ids are left out). */
  orderKeysOf(field: OrderKeyField, ids: readonly string[]): Map<string, { rank: number; value: OrderKeyValue }> {
    const stem = ORDER_KEY_COLUMNS[field]
    const sql = `SELECT id, ${stem}_r AS rank, ${stem}_v AS value FROM documents WHERE id IN (SELECT value FROM json_each(?))`
    const rows = this.statement(sql).all(JSON.stringify(ids)) as OrderedRow[]
    return new Map(rows.map((row) => [row.id, { rank: row.rank, value: row.value }]))
  }

  private statement(sql: string): Database.Statement {
    let stmt = this.statements.get(sql)
    if (!stmt) {
      stmt = this.db.prepare(sql)
      if (this.statements.size >= MAX_STATEMENTS) this.statements.clear()
      this.statements.set(sql, stmt)
    }
    return stmt
  }
}

/** Parameters: the targets and the types as JSON arrays, the path (`referenceScanParams`). */
function referenceScanWhere(scan: ReferenceScan): string {
  const visible = scan.publicOnly ? " AND instr(source_id, '.') = 0" : ''
  const one = (column: string, values: readonly string[]) => (values.length === 1 ? `${column} = ?` : `${column} IN (SELECT value FROM json_each(?))`)
  return `${one('target_id', scan.targets)} AND path = ? AND ${one('source_type', scan.types)}${visible}`
}

function referenceScanParams(scan: ReferenceScan): unknown[] {
  const one = (values: readonly string[]) => (values.length === 1 ? values[0] : JSON.stringify(values))
  return [one(scan.targets), scan.path, one(scan.types)]
}

/** The keyset tail of a page query: after a row, from a key, in one direction, limited. */
function keysetPage(rank: string, value: string, id: string, direction: OrderDirection, after: OrderedRow | null, limit: number, from?: OrderKey): SqlCondition {
  const dir = direction === 'desc' ? 'DESC' : 'ASC'
  const cmp = direction === 'desc' ? '<' : '>'
  let sql = ''
  const params: unknown[] = []
  if (from) {
    sql += ` AND (${rank}, ${value}) ${cmp}= (?, ?)`
    params.push(from.rank, from.value)
  }
  if (after) {
    sql += ` AND (${rank}, ${value}, ${id}) ${cmp} (?, ?, ?)`
    params.push(after.rank, after.value, after.id)
  }
  return { sql: `${sql} ORDER BY ${rank} ${dir}, ${value} ${dir}, ${id} ${dir} LIMIT ?`, params: [...params, limit] }
}
