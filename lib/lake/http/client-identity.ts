/**
 * Whose share of the lake's query workers (and render slots and listen streams) a request uses:
 * an authenticated request the editor's (or the site token's) own; the site's server reading
 * published content with the site reader credential (`site-reader.ts`) the site reader's; any
 * other anonymous one its address block's (`addressBlockOf`), so every anonymous client on one
 * machine or in one IPv6 /64 shares one budget, and none of them shares the site's.
 */

import type { IncomingMessage } from 'node:http'
import { SITE_READER_CLIENT } from '../site-reader'
import { callerOf, isSiteReader } from '../studio/auth'
import { clientBlockOf } from './client-limits'

export function budgetClientOf(req: IncomingMessage, authenticated: boolean): string {
  if (authenticated) return `caller ${callerOf(req)?.id ?? 'token'}`
  if (isSiteReader(req)) return SITE_READER_CLIENT
  return `anonymous ${clientBlockOf(req.socket)}`
}
