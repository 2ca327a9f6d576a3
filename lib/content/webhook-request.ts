/**
 * Checks a publish webhook request: Sanity's signature (`sanity-webhook-signature`, verified with
 * @sanity/webhook on a body read within WEBHOOK_MAX_BYTES), its age, and the body's shape. Answers with the tags to revalidate
 * and the signature (a replay of the same signed delivery is caught by durable-revalidation.ts),
 * or a precise 4xx; never throws on bad input.
 */
import { isValidSignature, SIGNATURE_HEADER_NAME } from '@sanity/webhook'
import type { NextRequest } from 'next/server'
import { readLimitedBody } from './limited-body'
import { tagsForWebhook, webhookBodyModel } from './revalidation'

/** Signatures older than this (or this far in the future) are refused: a replayed delivery can't revalidate. */
export const WEBHOOK_MAX_AGE_MS = 5 * 60_000
/** Webhook bodies are small projections; anything bigger is refused after reading at most one byte more. */
export const WEBHOOK_MAX_BYTES = 64 * 1024

/** `signature`: the delivery's signature header, which names this exact delivery (replays are refused with it). */
export type WebhookCheck = { ok: true; tags: string[]; signature: string } | { ok: false; status: number; message: string }

const refuse = (status: number, message: string): WebhookCheck => ({ ok: false, status, message })

export async function checkWebhookRequest(request: NextRequest, secret: string | undefined, now = Date.now()): Promise<WebhookCheck> {
  if (!secret) return refuse(503, 'Webhooks are not configured: set SANITY_WEBHOOK_SECRET')
  const signature = request.headers.get(SIGNATURE_HEADER_NAME)
  if (!signature) return refuse(401, `Missing ${SIGNATURE_HEADER_NAME} header`)
  const timestamp = /^t=(\d{10,16})[, ]+v1=[\w-]+$/.exec(signature.trim())?.[1]
  if (!timestamp) return refuse(401, `Malformed ${SIGNATURE_HEADER_NAME} header: expected "t=<ms>,v1=<signature>"`)
  if (Math.abs(now - Number(timestamp)) > WEBHOOK_MAX_AGE_MS) return refuse(401, 'Stale signature: the timestamp is more than 5 minutes from now')
  // The signature is checked on at most WEBHOOK_MAX_BYTES: a bigger body is refused part-read.
  const read = await readLimitedBody(request, WEBHOOK_MAX_BYTES)
  if (!read.ok) return refuse(read.status, read.message)
  const text = new TextDecoder().decode(read.bytes)
  if (!(await isValidSignature(text, signature, secret.trim()).catch(() => false))) return refuse(401, 'Invalid signature')
  let parsed: unknown
  try {
    parsed = text.trim() ? JSON.parse(text) : null
  } catch {
    return refuse(400, 'Body is not valid JSON')
  }
  const body = webhookBodyModel.safeParse(parsed)
  if (!body.success) {
    const issues = body.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ')
    return refuse(400, `Malformed webhook body: ${issues}`)
  }
  return { ok: true, tags: tagsForWebhook(body.data), signature: signature.trim() }
}
