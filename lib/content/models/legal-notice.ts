import { z } from 'zod'
import { AUDIENCE_SCOPES, LEGAL_NOTICE_PLACEMENTS, TEXT_LIMITS } from '../../content-rules'
import { TEXT_BLOCK_PROJECTION, simpleTextBlockResult } from './portable-text'
import { documentId, regionCode, requiredDisplayText, safeHref } from './primitives'

/** GROQ projection of a legal notice (used after `->`). */
export const LEGAL_NOTICE_PROJECTION = `_id, title, body[]{${TEXT_BLOCK_PROJECTION}}, link{label, url}, audience{scope, regions}, placement`

export const legalNoticeResult = z.object({
  _id: documentId,
  title: requiredDisplayText(TEXT_LIMITS.legalNotice.title, 'a title'),
  body: z.array(simpleTextBlockResult).min(1, { error: 'the notice has no text' }),
  link: z.object({ label: requiredDisplayText(TEXT_LIMITS.labelledLink.label, 'a link label'), url: safeHref }).nullable(),
  audience: z.object({
    scope: z.enum(AUDIENCE_SCOPES),
    regions: z.array(regionCode).nullable(),
  }),
  placement: z.enum(LEGAL_NOTICE_PLACEMENTS),
})
export type LegalNoticeResult = z.infer<typeof legalNoticeResult>
