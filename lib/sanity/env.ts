/**
 * Which Content Lake the site talks to, decided once from the environment.
 * Unset SANITY_PROJECT_ID → the embedded lake on 127.0.0.1; set → a real Sanity project.
 * Nothing outside lib/sanity reads these variables.
 */
export const DEFAULT_API_VERSION = '2025-02-19'
export const DEFAULT_DATASET = 'production'
export const DEFAULT_LAKE_PORT = 3030
/** The project id the embedded lake answers to (any value works; this one names it). */
export const LAKE_PROJECT_ID = 'local'

export type SanityEnv = {
  backend: 'lake' | 'sanity'
  projectId: string
  dataset: string
  apiVersion: string
  /** Base URL of the HTTP API: the lake's address, or undefined for Sanity's own hosts. */
  apiHost: string | undefined
  token: string | undefined
}

export function readSanityEnv(env: NodeJS.ProcessEnv = process.env): SanityEnv {
  const projectId = env.SANITY_PROJECT_ID?.trim()
  const dataset = env.SANITY_DATASET?.trim() || DEFAULT_DATASET
  const apiVersion = env.SANITY_API_VERSION?.trim() || DEFAULT_API_VERSION
  const token = env.SANITY_API_TOKEN?.trim() || undefined
  if (!/^[a-z0-9][-\w]{0,63}$/.test(dataset)) {
    throw new Error(`SANITY_DATASET "${dataset}" is not a valid dataset name (lower-case letters, digits, - and _).`)
  }
  if (!/^(\d{4}-\d{2}-\d{2}|1|X)$/.test(apiVersion)) {
    throw new Error(`SANITY_API_VERSION "${apiVersion}" must be a date like 2025-02-19.`)
  }
  if (projectId) {
    if (!/^[a-z0-9-]+$/.test(projectId)) {
      throw new Error(`SANITY_PROJECT_ID "${projectId}" may only contain a-z, 0-9 and dashes.`)
    }
    return { backend: 'sanity', projectId, dataset, apiVersion, apiHost: undefined, token }
  }
  return { backend: 'lake', projectId: LAKE_PROJECT_ID, dataset, apiVersion, apiHost: lakeUrl(env), token }
}

/** Address of the embedded lake: LAKE_URL, or 127.0.0.1 on LAKE_PORT (default 3030). */
export function lakeUrl(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LAKE_URL?.trim()) return env.LAKE_URL.trim().replace(/\/+$/, '')
  const port = Number(env.LAKE_PORT || DEFAULT_LAKE_PORT)
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`LAKE_PORT "${env.LAKE_PORT}" is not a TCP port.`)
  }
  return `http://127.0.0.1:${port}`
}
