/**
 * A local Varnish (Debian's `varnish`, with vmod xkey from `varnish-modules`) in front of the site,
 * for trying the cache tier on one machine (`npm start -- --cache varnish`), the tests and the
 * bench: unprivileged, its own work folder (`-n`) in a temp folder, listening on 127.0.0.1 only,
 * running deploy/varnish/newsroom.vcl unchanged with a `newsroom-site.vcl` written for the given
 * site servers (varnish-site-vcl.ts), and stopped by its PID. Production runs Varnish as a
 * service with the same VCL (docs/deploying.md).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { varnishSiteVcl, type VarnishSite } from './varnish-site-vcl'

export const VARNISH_DEPLOY_DIR = path.resolve(__dirname, '../../deploy/varnish')
const VMOD_DIRS = ['/usr/lib/x86_64-linux-gnu/varnish/vmods', '/usr/lib/aarch64-linux-gnu/varnish/vmods', '/usr/lib/varnish/vmods', '/usr/local/lib/varnish/vmods']

/** `varnishd` on PATH or in the sbin folders (Debian: /usr/sbin/varnishd), or undefined. */
export function findVarnishd(): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/usr/local/sbin']
  return dirs.map((dir) => path.join(dir, 'varnishd')).find((file) => existsSync(file))
}

/** True when vmod xkey (Debian: varnish-modules) is installed where varnishd looks for vmods. */
export function hasXkeyVmod(): boolean {
  return VMOD_DIRS.some((dir) => existsSync(dir) && readdirSync(dir).includes('libvmod_xkey.so'))
}

/** What is missing to run Varnish here, as the Debian packages to install; empty when nothing is. */
export function missingVarnishPackages(): string[] {
  return [...(findVarnishd() ? [] : ['varnish']), ...(hasXkeyVmod() ? [] : ['varnish-modules'])]
}

/**
 * Who varnishd runs as: the current user, or — when that is root — Debian's unprivileged
 * `varnish` user (varnishd would otherwise keep a root manager process).
 */
function unprivilegedUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined
  const users = readFileSync('/etc/passwd', 'utf8').split('\n')
  const line = users.find((entry) => entry.startsWith('varnish:')) ?? users.find((entry) => entry.startsWith('nobody:'))
  const [, , uid, gid] = line?.split(':') ?? []
  if (uid === undefined || gid === undefined) throw new Error('running as root, and there is no varnish or nobody user to run varnishd as')
  return { uid: Number(uid), gid: Number(gid) }
}

export type LocalVarnish = { url: string; port: number; child: ChildProcess; stop: () => Promise<void> }

export type LocalVarnishOptions = Omit<VarnishSite, 'purgers'> & {
  port: number
  /** Cache storage in memory (MB). */
  storageMb?: number
  timeoutMs?: number
}

/** Starts varnishd on 127.0.0.1:`port` in front of `backends` and resolves once it answers (bounded). */
export async function startLocalVarnish({ port, backends, regionHeaders, storageMb = 256, timeoutMs = 30_000 }: LocalVarnishOptions): Promise<LocalVarnish> {
  const binary = findVarnishd()
  const missing = missingVarnishPackages()
  if (!binary || missing.length > 0) throw new Error(`Varnish cannot run here: install ${missing.join(' and ')} (Debian: apt-get install -y ${missing.join(' ')})`)
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'newsroom-varnish-'))
  // Only the site's own servers may purge (they are on this machine).
  const siteVcl = path.join(workDir, 'newsroom-site.vcl')
  writeFileSync(siteVcl, varnishSiteVcl({ backends, regionHeaders, purgers: ['127.0.0.1', '::1'] }))
  const user = unprivilegedUser()
  if (user) for (const file of [workDir, siteVcl]) chownSync(file, user.uid, user.gid)
  const args = [
    '-F',
    '-n', path.join(workDir, 'instance'),
    '-a', `127.0.0.1:${port}`,
    '-T', 'none',
    // Before -f: the VCL is compiled with the parameters given so far.
    '-p', `vcl_path=${workDir}:${VARNISH_DEPLOY_DIR}`,
    '-f', path.join(VARNISH_DEPLOY_DIR, 'newsroom.vcl'),
    '-s', `malloc,${storageMb}m`,
    '-l', '16m',
  ]
  const child: ChildProcess = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], ...user })
  // However it is stopped (here, or by its PID from a runner), its folder goes with it.
  child.once('exit', () => rmSync(workDir, { recursive: true, force: true }))
  let output = ''
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000)
  }
  child.stdout?.on('data', collect)
  child.stderr?.on('data', collect)
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
      await gone
      clearTimeout(timer)
    }
  }
  const url = `http://127.0.0.1:${port}`
  try {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`varnishd exited (code ${child.exitCode ?? child.signalCode})`)
      // A PURGE without keys is answered by Varnish itself (400): it listens and its VCL is loaded.
      const answered = await fetch(`${url}/`, { method: 'PURGE', signal: AbortSignal.timeout(1000) }).then(
        (response) => response.status === 400,
        () => false,
      )
      if (answered) break
      if (Date.now() > deadline) throw new Error(`varnishd on port ${port} did not answer within ${timeoutMs} ms`)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  } catch (error) {
    await stop()
    throw new Error(`${error instanceof Error ? error.message : error}:\n${output}`)
  }
  return { url, port, child, stop }
}
