/**
 * `count(*[F])` answered by SQLite when F is exactly a set of indexed conditions
 * (`index-lookups.ts`: `_type`, slugs, `x._ref`, `references()`, `x->slug.current`, `_id`): the
 * node is replaced by its value before groq-js evaluates the rest of the query, so no document is
 * read for it.
 *
 * In a view without overlays every view document is one visible stored row, so the count is the
 * rows matching F and visible. With overlays (drafts, releases) a view document is the top layer
 * present for its id: the count is the published rows matching F, minus those of ids an overlay
 * covers, plus the covering rows (the winners) that match F. That needs the conditions to be
 * about the content alone (not `_id` or `->`, which depend on view ids) and the overlay rows to be
 * few enough to list (`MAX_OVERLAY_ROWS`); otherwise the count is left to groq-js.
 */

import type { ExprNode } from 'groq-js'
import { planConjunct } from './index-lookups'
import { conjunctsOf, walk, type AnyNode } from './index-planner'
import { allConditions, flatViewCondition, isFlatView, unionCondition, type SqlCondition } from './lookup-conditions'
import { viewIdOf, type ResolvedView } from './perspective'
import type { LakeDatabase } from './sqlite'
import { replaceNodes } from './tree-rewrite'

const MAX_OVERLAY_ROWS = 20_000

export interface CountRewrite {
  tree: ExprNode
  /** How many `count(*[…])` were answered by SQLite. */
  replaced: number
}

export function answerCountsFromIndexes(db: LakeDatabase, tree: ExprNode, params: Record<string, unknown>, view: ResolvedView): CountRewrite {
  const replacements = new Map<ExprNode, ExprNode>()
  walk(tree as unknown as AnyNode, [], (node) => {
    if (node.type !== 'FuncCall' || node.namespace !== 'global' || node.name !== 'count') return
    const args = node.args as AnyNode[]
    if (args.length !== 1) return
    const filters: ExprNode[] = []
    let base = args[0]
    while (base.type === 'Filter') {
      filters.push(base.expr as ExprNode)
      base = base.base as AnyNode
    }
    if (base.type !== 'Everything') return
    const count = exactCount(db, filters, params, view)
    if (count !== null) replacements.set(node as unknown as ExprNode, { type: 'Value', value: count } as ExprNode)
  })
  return { tree: replaceNodes(tree, replacements), replaced: replacements.size }
}

function exactCount(db: LakeDatabase, filters: ExprNode[], params: Record<string, unknown>, view: ResolvedView): number | null {
  const plans = conjunctsOf(filters).map((expr) => planConjunct(expr, params))
  if (!plans.every((plan) => plan !== null && plan.exact)) return null
  const conditions = plans.map((plan) => unionCondition(db, plan!.lookups, view))
  if (isFlatView(view)) return db.queries.count(allConditions([...conditions, flatViewCondition(view)]))
  if (plans.some((plan) => plan!.lookups.some((l) => l.field === 'id' || l.field === 'refSlug'))) return null
  return overlayCount(db, allConditions(conditions), view)
}

/** The count in a view with overlay layers (see the module comment), or null when they are too many. */
function overlayCount(db: LakeDatabase, matches: SqlCondition, view: ResolvedView): number | null {
  if (view.spec.kind !== 'stack') return null
  const layers = view.spec.layers
  const winners = new Map<string, { rank: number; id: string }>()
  let rows = 0
  for (const prefix of layers) {
    if (prefix === '') continue
    const upper = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1)
    for (const id of db.queries.ids({ sql: 'id >= ? AND id < ?', params: [prefix, upper] })) {
      if (++rows > MAX_OVERLAY_ROWS) return null
      const viewId = viewIdOf(id, view)
      if (viewId === null) continue
      const rank = layers.indexOf(id.slice(0, id.length - viewId.length))
      const current = winners.get(viewId)
      if (rank >= 0 && (!current || rank < current.rank)) winners.set(viewId, { rank, id })
    }
  }
  const published = db.queries.count(allConditions([matches, { sql: "instr(id, '.') = 0", params: [] }]))
  if (winners.size === 0) return published
  const covered = [...winners.keys()]
  const inList = (ids: string[]): SqlCondition => ({ sql: 'id IN (SELECT value FROM json_each(?))', params: [JSON.stringify(ids)] })
  const shadowed = db.queries.count(allConditions([matches, inList(covered)]))
  const shown = db.queries.count(allConditions([matches, inList([...winners.values()].map((w) => w.id))]))
  return published - shadowed + shown
}
