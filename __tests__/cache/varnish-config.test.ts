/**
 * The Varnish configuration shipped in deploy/varnish: the site-specific include beside the VCL
 * is the one the launcher would write for the default site (127.0.0.1:3000, default
 * REGION_HEADER), and the VCL's stale windows are the site's own (lib/cache/shared-cache-headers.ts).
 * __tests__/system/varnish-vcl.system.test.ts compiles both with the real varnishd.
 */
import fs from 'node:fs'
import path from 'node:path'
import { SHARED_STALE_WHILE_REVALIDATE_SECONDS } from '@/lib/cache/shared-cache-headers'
import { varnishSiteVcl } from '@/lib/cache/varnish-site-vcl'
import { DEFAULT_REGION_HEADERS, DEFAULT_SITE_PORT } from '@/lib/sanity/settings'

const deploy = path.join(__dirname, '../../deploy/varnish')
const read = (name: string) => fs.readFileSync(path.join(deploy, name), 'utf8')

describe('deploy/varnish', () => {
  it('ships newsroom-site.vcl as written for the default site', () => {
    const expected = varnishSiteVcl({ backends: [{ host: '127.0.0.1', port: DEFAULT_SITE_PORT }], regionHeaders: [...DEFAULT_REGION_HEADERS], purgers: ['127.0.0.1', '::1'] })
    expect(read('newsroom-site.vcl')).toBe(expected)
  })

  it('serves stale while refreshing for the site’s stale-while-revalidate', () => {
    expect(read('newsroom.vcl')).toContain(`set req.grace = ${SHARED_STALE_WHILE_REVALIDATE_SECONDS}s;`)
  })

  it('names every region header where it rewrites them, and the first one for a region’s audience', () => {
    const vcl = varnishSiteVcl({ backends: [{ host: '10.0.0.5', port: 8080 }, { host: '10.0.0.6', port: 8080 }], regionHeaders: ['X-Geo', 'cf-ipcountry'], purgers: ['10.0.0.0/24'] })
    expect(vcl).toContain('unset bereq.http.x-geo;\n    unset bereq.http.cf-ipcountry;')
    expect(vcl).toContain('set bereq.http.x-geo = bereq.http.X-Newsroom-Audience;')
    expect(vcl).toContain('(x-geo|cf-ipcountry)')
    expect(vcl).toContain('"10.0.0.0"/24;')
    expect(vcl).toContain('newsroom_site.add_backend(site_2);')
  })

  it.each([
    [{ regionHeaders: ['x.geo'] }, /region header "x.geo" cannot be named in VCL/],
    [{ regionHeaders: [] }, /REGION_HEADER/],
    [{ backends: [] }, /at least one site server/],
    [{ backends: [{ host: 'a host', port: 1 }] }, /not a host and port/],
    [{ purgers: ['0.0.0.0"; } sub vcl_recv {'] }, /purge ACL/],
  ])('refuses %j', (override, message) => {
    expect(() => varnishSiteVcl({ backends: [{ host: '127.0.0.1', port: 3000 }], regionHeaders: ['cf-ipcountry'], purgers: ['127.0.0.1'], ...override })).toThrow(message)
  })
})
