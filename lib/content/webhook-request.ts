/**
 * Checks a publish webhook request: Sanity's signature (`sanity-webhook-signature`, verified with
 * next-sanity's `parseBody`), its age, and the body's shape. Answers with the tags to revalidate
 * or a precise 4xx; never throws on bad input.
 */
import { isValidSignature, SIGNATURE_HEADER_NAME } from '@sanity/webhook'
import { parseBody } from 'next-sanity/webhook'
import type { NextRequest } from 'next/server'
import { tagsForWebhook, webhookBodyModel } from './revalidation'

/** Signatures older than this (or this far in the future) are refused: a replayed delivery can't revalidate. */
export const WEBHOOK_MAX_AGE_MS = 5 * 60_000
/** Webhook bodies are small projections; anything bigger is refused unread. */
export const WEBHOOK_MAX_BYTES = 64 * 1024

/**
 * `duplicate`: this exact signed delivery was accepted before (a replay, or a retry of a delivery
 * we answered): nothing to revalidate again.
 */
export type WebhookCheck = { ok: true; tags: string[]; duplicate?: true } | { ok: false; status: number; message: string }

/** Signatures accepted within their validity window (bounded): a replay revalidates nothing. */
const MAX_REMEMBERED_SIGNATURES = 10_000
const acceptedSignatures = new Map<string, number>()

/** True when `signature` was accepted before; otherwise remembers it (until it is too old to be accepted anyway). */
function seenBefore(signature: string, now: number): boolean {
  for (const [known, at] of acceptedSignatures) {
    if (now - at <= 2 * WEBHOOK_MAX_AGE_MS && acceptedSignatures.size <= MAX_REMEMBERED_SIGNATURES) break
    acceptedSignatures.delete(known)
  }
  if (acceptedSignatures.has(signature)) return true
  acceptedSignatures.set(signature, now)
  return false
}

const refuse = (status: number, message: string): WebhookCheck => ({ ok: false, status, message })

export async function checkWebhookRequest(request: NextRequest, secret: string | undefined, now = Date.now()): Promise<WebhookCheck> {
  if (!secret) return refuse(503, 'Webhooks are not configured: set SANITY_WEBHOOK_SECRET')
  const signature = request.headers.get(SIGNATURE_HEADER_NAME)
  if (!signature) return refuse(401, `Missing ${SIGNATURE_HEADER_NAME} header`)
  const timestamp = /^t=(\d{10,16})[, ]+v1=[\w-]+$/.exec(signature.trim())?.[1]
  if (!timestamp) return refuse(401, `Malformed ${SIGNATURE_HEADER_NAME} header: expected "t=<ms>,v1=<signature>"`)
  if (Math.abs(now - Number(timestamp)) > WEBHOOK_MAX_AGE_MS) return refuse(401, 'Stale signature: the timestamp is more than 5 minutes from now')
  const length = Number(request.headers.get('content-length') ?? 0)
  if (length > WEBHOOK_MAX_BYTES) return refuse(413, `Body over ${WEBHOOK_MAX_BYTES} bytes`)
  const copy = request.clone()
  let parsed: Awaited<ReturnType<typeof parseBody>>
  try {
    parsed = await parseBody(request, secret, false)
  } catch {
    const text = await copy.text()
    const signed = text ? await isValidSignature(text, signature, secret).catch(() => false) : false
    return signed ? refuse(400, 'Body is not valid JSON') : refuse(401, 'Invalid signature')
  }
  if (parsed.isValidSignature !== true) return refuse(401, 'Invalid signature')
  const body = webhookBodyModel.safeParse(parsed.body)
  if (!body.success) {
    const issues = body.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ')
    return refuse(400, `Malformed webhook body: ${issues}`)
  }
  if (seenBefore(signature.trim(), now)) return { ok: true, tags: [], duplicate: true }
  return { ok: true, tags: tagsForWebhook(body.data) }
}
