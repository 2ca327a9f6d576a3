/**
 * The site reader credential: what the site's own server sends with its reads of published
 * content, so they have a share of the lake's query workers of their own instead of sharing
 * loopback's anonymous budget with every other local client (issue 18). It is derived from the
 * lake's token, so the lake and the site (which holds that token anyway) agree on it without any
 * configuration, and the token cannot be recovered from it. It grants nothing beyond anonymous
 * access: published documents and published images only, no writes, no Studio endpoints. A
 * request carrying it is anonymous in every check and only its budget key differs.
 */

import { createHmac } from 'node:crypto'

/** The budget key of the site reader's queries, image renders and listen streams. */
export const SITE_READER_CLIENT = 'site reader'

/** The site reader credential for a lake whose token is `lakeToken` (43 characters of base64url). */
export function siteReaderTokenFor(lakeToken: string): string {
  return createHmac('sha256', lakeToken).update('newsroom lake: site reader v1').digest('base64url')
}
