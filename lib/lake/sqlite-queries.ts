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

export interface OrderedScan {
  field: OrderKeyField
  direction: OrderDirection
  /** Which rows (must include a `type` restriction, so the `(type, key)` index drives the scan). */
  where: SqlCondition
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
   * `after` (keyset pagination).
   */
  orderedPage(scan: OrderedScan, after: OrderedRow | null, limit: number): OrderedRow[] {
    const stem = ORDER_KEY_COLUMNS[scan.field]
    const dir = scan.direction === 'desc' ? 'DESC' : 'ASC'
    const cmp = scan.direction === 'desc' ? '<' : '>'
    const keyset = after ? ` AND (${stem}_r, ${stem}_v, id) ${cmp} (?, ?, ?)` : ''
    const sql =
      `SELECT id, ${stem}_r AS rank, ${stem}_v AS value FROM documents WHERE (${scan.where.sql})${keyset} ` +
      `ORDER BY ${stem}_r ${dir}, ${stem}_v ${dir}, id ${dir} LIMIT ?`
    const args: unknown[] = [...scan.where.params]
    if (after) args.push(after.rank, after.value, after.id)
    args.push(limit)
    return this.statement(sql).all(...args) as OrderedRow[]
  }

  /** The order key of the row at `offset` (0-based) in the scan's order, or null past the end. */
  keyAt(scan: OrderedScan, offset: number): Omit<OrderedRow, 'id'> | null {
    const stem = ORDER_KEY_COLUMNS[scan.field]
    const dir = scan.direction === 'desc' ? 'DESC' : 'ASC'
    const sql = `SELECT ${stem}_r AS rank, ${stem}_v AS value FROM documents WHERE ${scan.where.sql} ORDER BY ${stem}_r ${dir}, ${stem}_v ${dir}, id ${dir} LIMIT 1 OFFSET ?`
    return (this.statement(sql).get(...scan.where.params, offset) as Omit<OrderedRow, 'id'> | undefined) ?? null
  }

  /** How many rows sort strictly before `key` in the scan's order. */
  countBefore(scan: OrderedScan, key: Omit<OrderedRow, 'id'>): number {
    const stem = ORDER_KEY_COLUMNS[scan.field]
    const cmp = scan.direction === 'desc' ? '>' : '<'
    const sql = `SELECT count(*) FROM documents WHERE (${scan.where.sql}) AND (${stem}_r, ${stem}_v) ${cmp} (?, ?)`
    return Number(this.statement(sql).pluck().get(...scan.where.params, key.rank, key.value) ?? 0)
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
