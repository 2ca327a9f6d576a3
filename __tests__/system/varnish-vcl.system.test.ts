/**
 * deploy/varnish/newsroom.vcl compiles with Debian's varnishd and vmod xkey (varnish-modules),
 * with the shipped include and with one the launcher writes for several servers and other region
 * headers (`varnishd -C`: compile only, nothing started).
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { findVarnishd, VARNISH_DEPLOY_DIR } from '@/lib/cache/varnish-server'
import { varnishSiteVcl } from '@/lib/cache/varnish-site-vcl'

function compile(includeDir: string): { status: number | null; stderr: string } {
  const binary = findVarnishd()
  if (!binary) throw new Error('varnishd is not installed (Debian: apt-get install -y varnish varnish-modules)')
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vcl-compile-'))
  // Run as root, varnishd compiles as its own unprivileged user, which creates -n inside this folder.
  fs.chmodSync(workDir, 0o755)
  try {
    const result = spawnSync(binary, ['-C', '-n', path.join(workDir, 'instance'), '-p', `vcl_path=${includeDir}:${VARNISH_DEPLOY_DIR}`, '-f', path.join(VARNISH_DEPLOY_DIR, 'newsroom.vcl')], { encoding: 'utf8', timeout: 60_000 })
    return { status: result.status, stderr: result.stderr.slice(-2000) }
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true })
  }
}

describe('the Varnish configuration compiles', () => {
  it('as shipped', () => {
    expect(compile(VARNISH_DEPLOY_DIR)).toMatchObject({ status: 0 })
  })

  it('with an include for two servers and other region headers', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vcl-include-'))
    fs.chmodSync(dir, 0o755)
    try {
      fs.writeFileSync(path.join(dir, 'newsroom-site.vcl'), varnishSiteVcl({ backends: [{ host: '127.0.0.1', port: 4001 }, { host: '127.0.0.1', port: 4002 }], regionHeaders: ['x-geo', 'cf-ipcountry'], purgers: ['127.0.0.1', '10.0.0.0/8'] }), { mode: 0o644 })
      expect(compile(dir)).toMatchObject({ status: 0 })
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
