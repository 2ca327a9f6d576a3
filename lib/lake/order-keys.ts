/**
 * Order keys: a few top-level fields (`publishedAt`, `updatedAt`, `_updatedAt`, `_createdAt`) are stored in
 * extra indexed columns so `*[F] | order(field)[a...b]` can read candidates in order instead of
 * scanning every document of the type.
 *
 * The stored key must sort exactly like groq-js' `order()` (its `totalCompare`) sorts the raw
 * attribute values: first by a type rank (datetime 1, number 2, string 3, boolean 4, everything
 * else — null, missing, objects, arrays — 100, all tying), then by value within the rank. A plain
 * attribute read from JSON is never a datetime. Within a rank:
 *  - numbers compare numerically (SQLite INTEGER/REAL comparison);
 *  - strings compare by UTF-16 code units (JS `<`), so they are stored as UTF-16BE blobs: memcmp
 *    over those bytes is code-unit order (SQLite's text order is UTF-8 byte order = code-point
 *    order, which differs for characters above U+FFFF);
 *  - booleans are 0/1 (groq-js subtracts them);
 *  - rank 100 stores the constant 0 (never NULL: row-value comparisons with NULL are not true).
 */

export const ORDER_KEY_FIELDS = ['publishedAt', 'updatedAt', '_updatedAt', '_createdAt'] as const
export type OrderKeyField = (typeof ORDER_KEY_FIELDS)[number]

/** Column-name stem of each order key (`<stem>_r` rank, `<stem>_v` value). */
export const ORDER_KEY_COLUMNS: Record<OrderKeyField, string> = {
  publishedAt: 'ok_published_at',
  /** A newsroom's "Updated" time (the sitemaps' `lastmod` reads its latest). */
  updatedAt: 'ok_edited_at',
  _updatedAt: 'ok_updated_at',
  _createdAt: 'ok_created_at',
}

export function isOrderKeyField(name: string): name is OrderKeyField {
  return (ORDER_KEY_FIELDS as readonly string[]).includes(name)
}

export type OrderKeyValue = number | Buffer

export interface EncodedOrderKey {
  rank: number
  value: OrderKeyValue
}

const OTHER_RANK = 100

/** Encodes a raw attribute value as stored in the order-key columns. */
export function encodeOrderKey(value: unknown): EncodedOrderKey {
  if (typeof value === 'number') return { rank: 2, value }
  if (typeof value === 'string') return { rank: 3, value: Buffer.from(value, 'utf16le').swap16() }
  if (typeof value === 'boolean') return { rank: 4, value: value ? 1 : 0 }
  return { rank: OTHER_RANK, value: 0 }
}

/** Ascending comparison of two encoded keys, identical to how SQLite orders the columns. */
export function compareOrderKeys(a: EncodedOrderKey, b: EncodedOrderKey): number {
  if (a.rank !== b.rank) return a.rank - b.rank
  const x = a.value
  const y = b.value
  if (typeof x === 'number' && typeof y === 'number') return x < y ? -1 : x > y ? 1 : 0
  if (Buffer.isBuffer(x) && Buffer.isBuffer(y)) return Buffer.compare(x, y)
  return 0
}

/** The order-key column values of a document, for writes. */
export function orderKeyColumnsOf(doc: Record<string, unknown>): Record<string, OrderKeyValue> {
  const out: Record<string, OrderKeyValue> = {}
  for (const field of ORDER_KEY_FIELDS) {
    const { rank, value } = encodeOrderKey(doc[field])
    out[`${ORDER_KEY_COLUMNS[field]}_r`] = rank
    out[`${ORDER_KEY_COLUMNS[field]}_v`] = value
  }
  return out
}
