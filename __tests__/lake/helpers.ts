/** Test helpers for the lake suites: temp dirs, a running lake, and @sanity/client instances. */

import { createClient, type SanityClient } from '@sanity/client'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startLakeServer, type RunningLakeServer } from '../../lib/lake'

export const FIXTURES_DIR = path.join(__dirname, 'fixtures')
export const TOKEN = 'test-token-0123456789-0123456789-0123456789'
export const API_VERSION = '2025-02-19'

export function makeTempDir(prefix = 'lake-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix))
}

export function removeDir(dir: string | undefined): void {
  if (dir) fs.rmSync(dir, { recursive: true, force: true })
}

export async function startTestLake(opts: { dataDir?: string; seed?: boolean; keepAliveMs?: number; studioOrigins?: string[] } = {}): Promise<{
  lake: RunningLakeServer
  dataDir: string
}> {
  const dataDir = opts.dataDir ?? makeTempDir()
  const lake = await startLakeServer({
    dataDir,
    port: 0,
    token: TOKEN,
    seedDir: opts.seed === false ? undefined : FIXTURES_DIR,
    keepAliveMs: opts.keepAliveMs,
    studioOrigins: opts.studioOrigins,
    log: () => undefined,
  })
  return { lake, dataDir }
}

export function lakeClient(url: string, opts: { token?: string; apiVersion?: string; perspective?: 'raw' | 'published' | 'drafts' } = {}): SanityClient {
  return createClient({
    projectId: 'local',
    dataset: 'production',
    apiVersion: opts.apiVersion ?? API_VERSION,
    apiHost: url,
    useProjectHostname: false,
    useCdn: false,
    token: opts.token,
    perspective: opts.perspective,
    ignoreBrowserTokenWarning: true,
  })
}

/** Waits until `predicate` holds, polling; fails after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const started = Date.now()
  while (!predicate()) {
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** A lake answer: status, parsed JSON body (any shape), and `performance.now()` when it was complete. */
export interface JsonReply {
  status: number
  body: any
  at: number
}

/** fetch, then the parsed JSON body. */
export async function fetchJson(url: string, init: RequestInit = {}, timeoutMs = 5000): Promise<JsonReply> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : null, at: performance.now() }
}

/** Expects Sanity's error shape: `status`, `error.type`, and (optionally) a description. */
export function expectLakeError(reply: JsonReply, status: number, type: string, description?: RegExp): void {
  expect({ status: reply.status, type: reply.body?.error?.type }).toEqual({ status, type })
  if (description) expect(reply.body.error.description).toMatch(description)
}
