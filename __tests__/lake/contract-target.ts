/**
 * What the contract suite talks to. By default the embedded lake (started on a free port, seeded
 * with fixtures/data.ndjson). With SANITY_PROJECT_ID and SANITY_API_TOKEN set, Sanity's hosted
 * Content Lake instead: a temporary public dataset `contract-<random>` in that project, seeded
 * with the same fixtures and deleted afterwards (the token needs permission to create and delete
 * datasets). Tests of lake internals (its health path, listener bookkeeping, its size limits) run
 * only against the lake.
 */
import { createClient, type SanityClient } from '@sanity/client'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { RunningLakeServer } from '../../lib/lake'
import { API_VERSION, FIXTURES_DIR, lakeClient, removeDir, startTestLake, TOKEN } from './helpers'

export type ContractBackend = 'lake' | 'sanity'

export type ClientOptions = { token?: string; apiVersion?: string; perspective?: 'raw' | 'published' | 'drafts' }

export interface ContractTarget {
  backend: ContractBackend
  /** The token with write access (the lake's test token, or SANITY_API_TOKEN). */
  token: string
  dataset: string
  /** Base URL of the versioned HTTP API, e.g. `http://127.0.0.1:1234/v2025-02-19`. */
  apiUrl: string
  client(opts?: ClientOptions): SanityClient
  /** Arguments and environment for fixtures/listen-probe.ts. */
  probe: { apiHost: string; env: Record<string, string> }
  /** The running lake (backend 'lake' only). */
  lake?: RunningLakeServer
  close(): Promise<void>
}

/** Decided from the environment alone, so lake-only tests can be chosen while the file loads. */
export function contractBackend(env: NodeJS.ProcessEnv = process.env): ContractBackend {
  return env.SANITY_PROJECT_ID?.trim() && env.SANITY_API_TOKEN?.trim() ? 'sanity' : 'lake'
}

/** `it` for tests of the embedded lake's own internals; skipped against a real project. */
export const lakeOnlyIt: typeof it = contractBackend() === 'lake' ? it : it.skip

function fixtureDocuments(): Record<string, unknown>[] {
  const text = fs.readFileSync(path.join(FIXTURES_DIR, 'data.ndjson'), 'utf8')
  return text.split('\n').filter((line) => line.trim()).map((line) => JSON.parse(line) as Record<string, unknown>)
}

async function startLakeTarget(): Promise<ContractTarget> {
  const { lake, dataDir } = await startTestLake()
  return {
    backend: 'lake',
    token: TOKEN,
    dataset: 'production',
    apiUrl: `${lake.url}/v${API_VERSION}`,
    client: (opts = {}) => lakeClient(lake.url, opts),
    probe: { apiHost: lake.url, env: {} },
    lake,
    close: async () => {
      await lake.close()
      removeDir(dataDir)
    },
  }
}

async function startSanityTarget(): Promise<ContractTarget> {
  const projectId = process.env.SANITY_PROJECT_ID!.trim()
  const token = process.env.SANITY_API_TOKEN!.trim()
  const dataset = `contract-${randomBytes(4).toString('hex')}`
  const client = (opts: ClientOptions = {}) =>
    createClient({ projectId, dataset, apiVersion: opts.apiVersion ?? API_VERSION, useCdn: false, token: opts.token, perspective: opts.perspective, ignoreBrowserTokenWarning: true })
  const admin = client({ token })
  await admin.datasets.create(dataset, { aclMode: 'public' })
  try {
    const seed = fixtureDocuments().reduce((tx, doc) => tx.createOrReplace(doc as { _id: string; _type: string }), admin.transaction())
    await seed.commit({ visibility: 'sync' })
  } catch (error) {
    await admin.datasets.delete(dataset)
    throw error
  }
  return {
    backend: 'sanity',
    token,
    dataset,
    apiUrl: `https://${projectId}.api.sanity.io/v${API_VERSION}`,
    client,
    probe: { apiHost: '', env: { CONTRACT_PROJECT_ID: projectId, CONTRACT_DATASET: dataset } },
    close: async () => {
      await admin.datasets.delete(dataset)
    },
  }
}

export function startContractTarget(): Promise<ContractTarget> {
  return contractBackend() === 'sanity' ? startSanityTarget() : startLakeTarget()
}
