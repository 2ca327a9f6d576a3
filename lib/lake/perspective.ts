/**
 * Perspectives: which stored documents a reader sees, and under which id.
 * `raw` shows everything side by side; a stack (`published`, `drafts`, release ids) overlays
 * prefixed layers on the published documents, top layer first. Anonymous views also leave out
 * assets that no published document references (see `asset-refs.ts`).
 */

import { DEFAULT_PUBLIC_ASSETS } from './asset-refs'
import { badRequest } from './errors'
import { DRAFTS_PREFIX, VERSIONS_PREFIX, isPrivateId } from './ids'
import type { LakeDocument, PerspectiveSpec, ReadOptions } from './types'

export const RAW: PerspectiveSpec = { kind: 'raw' }
export const PUBLISHED: PerspectiveSpec = { kind: 'stack', layers: [''] }
export const DRAFTS: PerspectiveSpec = { kind: 'stack', layers: [DRAFTS_PREFIX, ''] }

/** API versions from this date on default to the published perspective. */
const PUBLISHED_DEFAULT_FROM = '2025-02-19'

/** The perspective a request gets when it does not ask for one. */
export function defaultPerspectiveName(apiVersion: string): 'raw' | 'published' {
  const date = apiVersion.replace(/^v/, '')
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return 'raw' // v1, vX and other legacy versions
  return date >= PUBLISHED_DEFAULT_FROM ? 'published' : 'raw'
}

/** Parses `raw`, `published`, `drafts`, `previewDrafts` or a comma-separated stack of release ids. */
export function parsePerspective(value: string | PerspectiveSpec | undefined | null): PerspectiveSpec {
  if (value && typeof value === 'object') return value
  const text = (value ?? 'published').trim()
  if (text === 'raw') return RAW
  if (text === 'published' || text === '') return PUBLISHED
  if (text === 'drafts' || text === 'previewDrafts') return DRAFTS
  const names = text.split(',').map((name) => name.trim())
  const layers: string[] = []
  for (const name of names) {
    if (name === 'raw' || name === 'previewDrafts') {
      throw badRequest(`Perspective "${name}" cannot be part of a perspective stack`, 'invalidPerspective')
    }
    if (name === 'published') continue
    if (name === 'drafts') layers.push(DRAFTS_PREFIX)
    else if (/^[a-zA-Z0-9_-]{1,64}$/.test(name)) layers.push(`${VERSIONS_PREFIX}${name}.`)
    else throw badRequest(`Invalid perspective: "${name}"`, 'invalidPerspective')
  }
  layers.push('')
  return { kind: 'stack', layers }
}

export interface ResolvedView {
  spec: PerspectiveSpec
  authenticated: boolean
  /** Asset documents no published document references are left out (anonymous readers, by default). */
  hideUnreferencedAssets: boolean
}

export function resolveView(opts: ReadOptions = {}): ResolvedView {
  const authenticated = opts.authenticated === true
  return {
    spec: parsePerspective(opts.perspective),
    authenticated,
    hideUnreferencedAssets: !authenticated && (opts.publicAssets ?? DEFAULT_PUBLIC_ASSETS) !== 'all',
  }
}

/** Every stored id that can appear as `viewId` in this view, top layer first. */
export function sourceIdsFor(viewId: string, view: ResolvedView): string[] {
  if (view.spec.kind === 'raw') return !view.authenticated && isPrivateId(viewId) ? [] : [viewId]
  if (isPrivateId(viewId)) return []
  const layers = view.authenticated ? view.spec.layers : ['']
  return layers.map((prefix) => prefix + viewId)
}

/**
 * The view id a stored id contributes to (the id with its layer prefix removed), or null when the
 * stored document is not part of the view at all.
 */
export function viewIdOf(storedId: string, view: ResolvedView): string | null {
  if (!view.authenticated && isPrivateId(storedId)) return null
  if (view.spec.kind === 'raw') return storedId
  for (const prefix of view.spec.layers) {
    if (prefix === '') {
      if (!isPrivateId(storedId)) return storedId
    } else if (storedId.startsWith(prefix)) {
      const rest = storedId.slice(prefix.length)
      return isPrivateId(rest) ? null : rest
    }
  }
  return null
}

/**
 * Applies the view to a set of stored documents. The input must contain, for every view id it
 * touches, all of that id's layers (see `sourceIdsFor`). The output is sorted by view id, the
 * dataset order of the lake.
 */
export function applyView(stored: readonly LakeDocument[], view: ResolvedView): LakeDocument[] {
  const out: LakeDocument[] = []
  if (view.spec.kind === 'raw') {
    for (const doc of stored) if (view.authenticated || !isPrivateId(doc._id)) out.push(doc)
    return sortById(out)
  }
  const layers = view.authenticated ? view.spec.layers : ['']
  const best = new Map<string, { rank: number; doc: LakeDocument }>()
  for (const doc of stored) {
    const viewId = viewIdOf(doc._id, view)
    if (viewId === null) continue
    const rank = layers.indexOf(doc._id === viewId ? '' : doc._id.slice(0, doc._id.length - viewId.length))
    if (rank < 0) continue
    const current = best.get(viewId)
    if (!current || rank < current.rank) best.set(viewId, { rank, doc })
  }
  for (const [viewId, { doc }] of best) {
    out.push(doc._id === viewId ? doc : { ...doc, _id: viewId, _originalId: doc._id })
  }
  return sortById(out)
}

function sortById(docs: LakeDocument[]): LakeDocument[] {
  return docs.sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0))
}
