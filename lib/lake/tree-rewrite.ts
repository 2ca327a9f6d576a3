/**
 * Copy-on-write replacement of nodes in a groq-js tree (parsed trees are cached and shared: they
 * are never changed in place). Only the nodes on the way from the root to a replaced node are
 * copied.
 */

import type { ExprNode } from 'groq-js'

type AnyNode = { type: string; [key: string]: unknown }

export function replaceNodes(tree: ExprNode, replacements: ReadonlyMap<ExprNode, ExprNode>): ExprNode {
  if (replacements.size === 0) return tree
  return rewrite(tree as unknown as AnyNode, replacements as unknown as ReadonlyMap<AnyNode, AnyNode>) as unknown as ExprNode
}

function rewrite(node: AnyNode, replacements: ReadonlyMap<AnyNode, AnyNode>): AnyNode {
  const replacement = replacements.get(node)
  if (replacement) return replacement
  if (node.type === 'Value') return node
  let copy: AnyNode | null = null
  for (const key of Object.keys(node)) {
    const child = node[key]
    let next: unknown = child
    if (Array.isArray(child)) {
      let changed = false
      const items = child.map((item) => {
        if (!isNode(item)) return item
        const rewritten = rewrite(item, replacements)
        if (rewritten !== item) changed = true
        return rewritten
      })
      if (changed) next = items
    } else if (isNode(child)) {
      next = rewrite(child, replacements)
    }
    if (next !== child) {
      copy ??= { ...node }
      copy[key] = next
    }
  }
  return copy ?? node
}

function isNode(value: unknown): value is AnyNode {
  return typeof value === 'object' && value !== null && typeof (value as AnyNode).type === 'string'
}

/** `[a...b]` / `[n]` moved down by `by` (a slice over candidates that lack the first `by` matches). */
export function shiftedSlice(slice: ExprNode, by: number): ExprNode {
  const node = slice as unknown as AnyNode
  if (node.type === 'Slice') return { ...node, left: (node.left as number) - by, right: (node.right as number) - by } as unknown as ExprNode
  return { ...node, index: (node.index as number) - by } as unknown as ExprNode
}
