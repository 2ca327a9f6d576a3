/**
 * The site-specific part of the Varnish configuration (`newsroom-site.vcl`, included by
 * deploy/varnish/newsroom.vcl): the site's servers, who may purge, and the region headers — the
 * same REGION_HEADER list the front door reads. `npm start -- --cache varnish` writes it for the
 * running site; deploy/varnish/newsroom-site.vcl is this for one site on 127.0.0.1:3000 with the
 * default headers (a test keeps the two in step).
 */

export type VarnishSite = {
  /** The site servers Varnish spreads requests over (round robin), each probed every second. */
  backends: readonly { host: string; port: number }[]
  /** REGION_HEADER, in order: the first one present decides the reader's region. */
  regionHeaders: readonly string[]
  /** Addresses (or networks, `"10.0.0.0"/8`) allowed to send PURGE. */
  purgers: readonly string[]
}

/** What the probe asks for: cheap (a cached static route), and 503 when the site cannot serve. */
const VARNISH_PROBE_PATH = '/robots.txt'

/** Header names VCL can spell as `req.http.<name>` (REGION_HEADER allows any HTTP token). */
const VCL_HEADER_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/
const HOST = /^[A-Za-z0-9.:-]+$/
const PURGER = /^(?:[0-9A-Fa-f.:]+(?:\/\d{1,3})?|localhost)$/

function checked(site: VarnishSite): VarnishSite {
  if (site.backends.length === 0) throw new Error('Varnish needs at least one site server')
  for (const { host, port } of site.backends) {
    if (!HOST.test(host) || !Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`not a host and port for Varnish: ${host}:${port}`)
  }
  const bad = site.regionHeaders.find((name) => !VCL_HEADER_NAME.test(name))
  if (bad !== undefined) throw new Error(`the region header "${bad}" cannot be named in VCL (letters, digits, - and _ only)`)
  if (site.regionHeaders.length === 0) throw new Error('Varnish needs the region header names (REGION_HEADER)')
  const purger = site.purgers.find((entry) => !PURGER.test(entry))
  if (purger !== undefined || site.purgers.length === 0) throw new Error(`not an address or network for the purge ACL: ${purger}`)
  return site
}

/** An ACL entry: `127.0.0.1` → `"127.0.0.1"`, `10.0.0.0/8` → `"10.0.0.0"/8`. */
function aclEntry(entry: string): string {
  const [address, bits] = entry.split('/')
  return bits === undefined ? `"${address}"` : `"${address}"/${bits}`
}

/** The text of `newsroom-site.vcl` for `site`. */
export function varnishSiteVcl(input: VarnishSite): string {
  const site = checked(input)
  const headers = site.regionHeaders.map((name) => name.toLowerCase())
  const backends = site.backends.map(
    ({ host, port }, i) => `backend site_${i + 1} {
    .host = "${host}";
    .port = "${port}";
    .connect_timeout = 1s;
    .first_byte_timeout = 30s;
    .between_bytes_timeout = 10s;
    .probe = newsroom_site_up;
}`,
  )
  return `# The site-specific part of deploy/varnish/newsroom.vcl (lib/cache/varnish-site-vcl.ts writes it).
import directors;

probe newsroom_site_up {
    .url = "${VARNISH_PROBE_PATH}";
    .interval = 1s;
    .timeout = 2s;
    .window = 3;
    .threshold = 2;
    .initial = 2;
}

${backends.join('\n\n')}

sub vcl_init {
    new newsroom_site = directors.round_robin();
${site.backends.map((_, i) => `    newsroom_site.add_backend(site_${i + 1});`).join('\n')}
}

sub newsroom_choose_backend {
    set req.backend_hint = newsroom_site.backend();
}

# Who may send PURGE (the site's servers).
acl newsroom_purgers {
${site.purgers.map((entry) => `    ${aclEntry(entry)};`).join('\n')}
}

# The region headers (REGION_HEADER), set for the audience a copy is stored under: none for
# everyone, the region's code for a region's readers.
sub newsroom_region_for_audience {
${headers.map((name) => `    unset bereq.http.${name};`).join('\n')}
    if (bereq.http.X-Newsroom-Audience != "everyone") {
        set bereq.http.${headers[0]} = bereq.http.X-Newsroom-Audience;
    }
}

# The site's Vary without the region headers (the audience is in the hash instead).
sub newsroom_vary_without_region {
    set beresp.http.Vary = regsuball(beresp.http.Vary, "(?i)(^|,)\\s*(${headers.join('|')})\\s*(?=,|$)", "");
    set beresp.http.Vary = regsub(beresp.http.Vary, "^\\s*,\\s*", "");
    if (beresp.http.Vary == "") {
        unset beresp.http.Vary;
    }
}
`
}
