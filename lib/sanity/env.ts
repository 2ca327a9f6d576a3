/**
 * Which Content Lake the site talks to, decided from the environment through `settings.ts`.
 * Unset SANITY_PROJECT_ID → the embedded lake on 127.0.0.1; set → a real Sanity project.
 * Nothing outside lib/sanity reads these variables.
 */
import { readSettings, type SanitySettings } from './settings'

export type SanityEnv = SanitySettings

export function readSanityEnv(env: NodeJS.ProcessEnv = process.env): SanityEnv {
  return readSettings(env).sanity
}

/** Address of the embedded lake: LAKE_URL, or 127.0.0.1 on LAKE_PORT (default 3030). */
export function lakeUrl(env: NodeJS.ProcessEnv = process.env): string {
  return readSettings(env).lake.url
}
