import { z } from 'zod'
import {
  ARTICLE_SLUG_MAX,
  ISO_DATETIME_PATTERN,
  LANGUAGE_TAG_PATTERN,
  REGION_CODE_PATTERN,
  SLUG_PATTERN,
  cleanDisplayText,
  isSafeHref,
  isValidSlug,
  isWebUrl,
  type TextLimit,
} from '../../content-rules'

/**
 * Small zod pieces shared by the stored-document models (documents.ts) and the query-result
 * models (one beside each query). Kept free of server imports so scripts can use them too. The
 * limits and patterns themselves live in `lib/content-rules`, shared with the Sanity schema.
 */

// Its old home: query modules import it from here.
export { SLUG_PATTERN }

/** Document ids as the Content Lake accepts them (drafts./versions. prefixes included). */
export const DOCUMENT_ID = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/

export const documentId = z.string().regex(DOCUMENT_ID, { error: 'expected a document id (letters, digits, "_", "-", ".")' })

/** Array-item key, required on every object in a Sanity array. */
export const arrayKey = z.string().min(1, { error: 'expected a non-empty _key' })

/** A slug string of at most `max` characters (article slugs by default). */
export function slugString(max = ARTICLE_SLUG_MAX) {
  return z
    .string()
    .max(max, { error: `a slug may have at most ${max} characters` })
    .regex(SLUG_PATTERN, { error: 'a slug uses lower-case letters, digits and single hyphens' })
}

/** True when `value` can be used to look an article up: saves a query on garbage input. */
export function isValidArticleSlug(value: unknown): value is string {
  return isValidSlug(value, ARTICLE_SLUG_MAX)
}

/** ISO 8601 date-time with seconds and a time zone (`Z` or an offset), as Studio stores it. */
const ISO_DATETIME_ERROR = 'expected an ISO 8601 date-time with time zone'
export const isoDateTime = z.string({ error: ISO_DATETIME_ERROR }).regex(ISO_DATETIME_PATTERN, { error: ISO_DATETIME_ERROR })

/** A BCP 47 language tag such as "en" or "en-GB". */
export const languageTag = z.string().regex(LANGUAGE_TAG_PATTERN, { error: 'expected a BCP 47 language tag such as "en"' })

/** An ISO 3166-1 alpha-2 country code. */
export const regionCode = z.string().regex(REGION_CODE_PATTERN, { error: 'expected an ISO 3166-1 alpha-2 code such as RU' })

/**
 * A required text within `limit`, by the rule `lib/content-rules` states for both validators:
 * not only spaces, `min` counted after trimming the ends, `max` counted on the stored text.
 * `what` names the field in messages ("a headline").
 */
export function requiredText(limit: TextLimit, what: string) {
  const base = z
    .string({ error: (issue) => (issue.input === undefined || issue.input === null ? `${what} is required` : undefined) })
    .refine((value) => value.trim().length > 0, { error: `${what} is required` })
    .refine((value) => limit.min === undefined || value.trim().length >= limit.min, {
      error: `${what} needs at least ${limit.min} characters`,
      abort: true,
    })
  return limit.max === undefined ? base : base.refine((value) => value.length <= limit.max!, { error: `${what} may have at most ${limit.max} characters` })
}

/** An optional text of at most `limit.max` characters. */
export function optionalText(limit: TextLimit) {
  return limit.max === undefined ? z.string() : z.string().max(limit.max)
}

/**
 * Display text from a query result (the boundary between the content service and the pages):
 * cleaned of control and bidi-override characters (`cleanDisplayText`), then held to the schema's
 * `limit.max`, so an oversized text is refused (and its item or page left out), never rendered.
 */
function cleanedWithin(limit: TextLimit, multiline: boolean, text: z.ZodString, what?: string) {
  const max = limit.max
  const within = max === undefined ? text : text.max(max, { error: `may have at most ${max} characters` })
  const input = z.string({ error: (issue) => (what && (issue.input === undefined || issue.input === null) ? `${what} is required` : undefined) })
  return input.transform((value) => cleanDisplayText(value, { multiline })).pipe(within)
}

/**
 * A display text that must be there and not blank (`what` names it in the message); trimmed.
 * `missingMessage`: a missing (null) text gets "<what> is required" too, not zod's type message.
 */
export function requiredDisplayText(limit: TextLimit, what: string, { multiline = false, missingMessage = false } = {}) {
  return cleanedWithin(limit, multiline, z.string().trim().min(1, { error: `${what} is required` }), missingMessage ? what : undefined)
}

/** A display text that may be null. */
export function optionalDisplayText(limit: TextLimit, { multiline = false } = {}) {
  return cleanedWithin(limit, multiline, z.string()).nullable()
}

/** An href that is safe to store and render (`isSafeHref` in `lib/content-rules`). */
export const safeHref = z.string().refine(isSafeHref, {
  error: 'expected an http(s), mailto: or relative link',
})

/** Absolute http(s) URL (agency websites, the site's base URL). */
export const httpUrl = z.string().refine(isWebUrl, { error: 'expected an absolute http(s) URL' })

/** A reference as stored: `{_type: "reference", _ref}` (plus `_weak`, `_strengthenOnPublish` at times). */
export const reference = z.object({
  _type: z.literal('reference').optional(),
  _ref: documentId,
  _weak: z.boolean().optional(),
})

/** A reference inside an array: also carries its `_key`. */
export const keyedReference = reference.extend({ _key: arrayKey })

/** `[1, "children", 0, "text"]` → `1.children[0].text`; `["body", 3]` → `body[3]`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = ''
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`
    else out += out ? `.${String(part)}` : String(part)
  }
  return out || '(root)'
}

export type Issue = { path: string; message: string }

/** zod issues as `{path, message}` with readable paths. */
export function toIssues(error: z.ZodError, prefix: ReadonlyArray<PropertyKey> = []): Issue[] {
  return error.issues.map((issue) => ({
    path: formatPath([...prefix, ...issue.path]),
    message: issue.message.replace(/^Invalid input: /, ''),
  }))
}

/** Unique values in an array (by a key function). */
export function uniqueBy<T>(items: readonly T[], key: (item: T) => unknown): boolean {
  const seen = new Set<unknown>()
  for (const item of items) {
    const value = key(item)
    if (seen.has(value)) return false
    seen.add(value)
  }
  return true
}
