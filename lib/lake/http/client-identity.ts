/**
 * Whose share of the lake's query workers a request uses: an authenticated request the editor's
 * (or the site token's) own, an anonymous one its address block's (`addressBlockOf`), so every
 * anonymous client on one machine or in one IPv6 /64 shares one budget.
 */

import type { IncomingMessage } from 'node:http'
import { callerOf } from '../studio/auth'
import { clientBlockOf } from './client-limits'

export function budgetClientOf(req: IncomingMessage, authenticated: boolean): string {
  if (authenticated) return `caller ${callerOf(req)?.id ?? 'token'}`
  return `anonymous ${clientBlockOf(req.socket)}`
}
