import { z } from 'zod'
import { TEXT_BLOCK_PROJECTION, simpleTextBlockResult } from './portable-text'
import { documentId, safeHref } from './primitives'

/** GROQ projection of a legal notice (used after `->`). */
export const LEGAL_NOTICE_PROJECTION = `_id, title, body[]{${TEXT_BLOCK_PROJECTION}}, link{label, url}, audience{scope, regions}, placement`

export const legalNoticeResult = z.object({
  _id: documentId,
  title: z.string().trim().min(1, { error: 'a title is required' }),
  body: z.array(simpleTextBlockResult).min(1, { error: 'the notice has no text' }),
  link: z.object({ label: z.string().trim().min(1), url: safeHref }).nullable(),
  audience: z.object({
    scope: z.enum(['everyone', 'regions']),
    regions: z.array(z.string().regex(/^[A-Z]{2}$/, { error: 'expected an ISO 3166-1 alpha-2 code' })).nullable(),
  }),
  placement: z.enum(['articleFooter', 'articleTop', 'siteFooter']),
})
export type LegalNoticeResult = z.infer<typeof legalNoticeResult>
