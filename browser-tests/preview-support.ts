/**
 * Helpers for the preview/publish checks over plain HTTP: the suite's lake through
 * `@sanity/client` with the server token, preview-secret documents as Studio's Presentation tool
 * writes them, a cookie jar for draft mode, and bounded polling.
 */
import { randomUUID } from 'node:crypto'
import { createClient, type SanityClient, type SanityDocument } from '@sanity/client'
import { DRAFT_SESSION_COOKIE, draftSessionKey, issueDraftSession } from '../lib/routing/draft-session'
import { readLakeToken } from '../lib/sanity/lake-token'

export function requiredEnv(name: string): string {
  const value = process.env[name]
  if (!value) throw new Error(`${name} is not set: run the suite through \`npm run test:browser\``)
  return value
}

export function lakeToken(dataDir = requiredEnv('LAKE_DATA_DIR')): string {
  const token = readLakeToken(dataDir)
  if (!token) throw new Error(`no lake token in ${dataDir}/token`)
  return token
}

export function editorClient(lakeUrl: string, token: string): SanityClient {
  return createClient({ projectId: 'local', dataset: 'production', apiVersion: '2025-02-19', apiHost: lakeUrl, useProjectHostname: false, useCdn: false, token, perspective: 'raw' })
}

/** A `sanity.previewUrlSecret` document like the Presentation tool's; returns its secret. */
export async function createPreviewSecret(client: SanityClient, studioUrl: string): Promise<string> {
  const secret = randomUUID().replaceAll('-', '')
  await client.create({ _id: `sanity-preview-url-secret.${randomUUID()}`, _type: 'sanity.previewUrlSecret', secret, studioUrl })
  return secret
}

export type HttpAnswer = { status: number; headers: Headers; text: string }

export async function request(url: string, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  const response = await fetch(url, { headers, redirect: 'manual', signal: AbortSignal.timeout(15_000) })
  return { status: response.status, headers: response.headers, text: await response.text() }
}

/** Opens draft mode the way Presentation does; returns the `Cookie` header that keeps it on, and the redirect. */
export async function enableDraftMode(siteUrl: string, secret: string, pathname: string): Promise<{ cookie: string; location: string | null; status: number }> {
  const query = new URLSearchParams({ 'sanity-preview-secret': secret, 'sanity-preview-pathname': pathname })
  const answer = await request(`${siteUrl}/api/draft-mode/enable?${query}`)
  const cookie = answer.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .filter((pair) => pair.split('=')[1])
    .join('; ')
  return { cookie, location: answer.headers.get('location'), status: answer.status }
}

/** Polls `probe` every `intervalMs` until it is truthy; throws after `timeoutMs`. Returns the elapsed ms. */
export async function until(what: string, probe: () => Promise<boolean>, timeoutMs = 30_000, intervalMs = 50): Promise<number> {
  const started = performance.now()
  for (;;) {
    if (await probe()) return performance.now() - started
    if (performance.now() - started > timeoutMs) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
}

/** Puts a document back exactly as given (published, no draft). */
export async function restoreDocument(client: SanityClient, original: SanityDocument): Promise<void> {
  const { _rev: _ignoredRev, _updatedAt: _ignoredUpdatedAt, _createdAt: _ignoredCreatedAt, ...document } = original
  await client.transaction().createOrReplace(document as SanityDocument).delete(`drafts.${original._id}`).commit({ visibility: 'sync' })
}

/**
 * The cookies of draft mode without going through /api/draft-mode/enable (a site without its
 * content service cannot check a secret): Next's bypass cookie and a draft session signed with the
 * key the site derives from `token`.
 */
export function draftModeCookies(previewModeId: string, token: string): { name: string; value: string }[] {
  return [
    { name: '__prerender_bypass', value: previewModeId },
    { name: DRAFT_SESSION_COOKIE, value: issueDraftSession(draftSessionKey(token)) },
  ]
}

export const cookieHeader = (cookies: readonly { name: string; value: string }[]) => cookies.map(({ name, value }) => `${name}=${value}`).join('; ')
