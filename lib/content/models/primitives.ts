import { z } from 'zod'

/**
 * Small zod pieces shared by the stored-document models (documents.ts) and the query-result
 * models (one beside each query). Kept free of server imports so scripts can use them too.
 */

/** Article and section slugs: lower-case letters, digits and single hyphens. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/
/** The longest article slug the schema allows (`options.maxLength`). */
export const ARTICLE_SLUG_MAX = 96

/** Document ids as the Content Lake accepts them (drafts./versions. prefixes included). */
export const DOCUMENT_ID = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/

export const documentId = z.string().regex(DOCUMENT_ID, { error: 'expected a document id (letters, digits, "_", "-", ".")' })

/** Array-item key, required on every object in a Sanity array. */
export const arrayKey = z.string().min(1, { error: 'expected a non-empty _key' })

/** A slug string (no length limit beyond the one given). */
export function slugString(max = ARTICLE_SLUG_MAX) {
  return z
    .string()
    .max(max, { error: `a slug may have at most ${max} characters` })
    .regex(SLUG_PATTERN, { error: 'a slug uses lower-case letters, digits and single hyphens' })
}

/** True when `value` can be used to look an article up: saves a query on garbage input. */
export function isValidArticleSlug(value: unknown): value is string {
  return typeof value === 'string' && value.length <= ARTICLE_SLUG_MAX && SLUG_PATTERN.test(value)
}

/** ISO 8601 date-time with a time zone (`Z` or an offset), as Sanity's datetime fields store it. */
export const isoDateTime = z.iso.datetime({ offset: true, error: 'expected an ISO 8601 date-time with time zone' })

/** Schemes a link may use; anything else (javascript:, data:, vbscript:…) is refused. */
export const LINK_SCHEMES = ['http', 'https', 'mailto'] as const

/**
 * Whether an href is safe to render: http(s) with a host, mailto:, or a same-site relative
 * reference (`/path`, `#id`, `?q`, `./x`, `../x`, `path`). Protocol-relative `//host` is refused
 * (it leaves the site without saying so). Whitespace and control characters are refused outright,
 * since browsers strip them inside schemes (`java\tscript:`).
 */
export function isSafeHref(href: string): boolean {
  if (href.length === 0 || href.length > 2048) return false
  if (/[\u0000-\u0020\u007f-\u009f]/.test(href)) return false
  if (href.includes('\\')) return false
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(href)
  if (scheme) {
    const name = scheme[1].toLowerCase()
    if (!(LINK_SCHEMES as readonly string[]).includes(name)) return false
    if (name === 'mailto') return href.length > 'mailto:'.length
    try {
      const url = new URL(href)
      return url.hostname.length > 0
    } catch {
      return false
    }
  }
  return !href.startsWith('//')
}

export const safeHref = z.string().refine(isSafeHref, {
  error: 'expected an http(s), mailto: or relative link',
})

/** Absolute http(s) URL (agency websites, the site's base URL). */
export const httpUrl = z.string().refine(
  (value) => {
    if (/[\u0000-\u0020\u007f-\u009f]/.test(value)) return false
    try {
      const url = new URL(value)
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0
    } catch {
      return false
    }
  },
  { error: 'expected an absolute http(s) URL' },
)

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
