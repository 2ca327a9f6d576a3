/**
 * What the site's server does with a request body still arriving when the answer is sent (a route
 * that reads no body, like draft mode's, or one that refused it): Node would read and drop all of
 * it, however big. Instead the lake's bounded discard applies (lib/lake/http/discard-body.ts): at
 * most 16 MB or 60 s more, then the connection is cut. Nothing is kept, so memory stays flat.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { discardRestOfBody } from '../lake/http/discard-body'

export function cutUnreadBodyAfterAnswer(req: IncomingMessage, res: ServerResponse): void {
  // 'prefinish': before Node's own 'finish' handler would start dropping the body unread and unbounded.
  res.once('prefinish', () => discardRestOfBody(req))
}
