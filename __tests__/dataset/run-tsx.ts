/**
 * Runs a TypeScript entry point with tsx in a child process.
 *
 * `sanity` and `@sanity/schema` ship ES modules that this repo's jest config does not transform
 * (and the `sanity` bundle is far too large to transform per run), so tests that need Sanity's
 * own schema compiler or `validateDocument` run them in plain Node through tsx.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

export const REPO_ROOT = path.resolve(__dirname, '../..')
const TSX_CLI = path.join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs')

export interface TsxResult {
  code: number
  stdout: string
  stderr: string
}

export function runTsx(entry: string, args: string[] = [], env: Record<string, string> = {}): Promise<TsxResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TSX_CLI, entry, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, DO_NOT_TRACK: '1', ...env },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }))
  })
}

/** `npm run content -- <args>` without npm. */
export function runContentCli(args: string[], env: Record<string, string> = {}): Promise<TsxResult> {
  return runTsx(path.join(REPO_ROOT, 'scripts/content.ts'), args, env)
}

/** Reads an NDJSON file into documents (small test files only). */
export function readNdjson(file: string): Array<Record<string, any>> {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line))
}

export const SEED_FILE = path.join(REPO_ROOT, 'content/data.ndjson')
