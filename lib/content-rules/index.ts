/**
 * The content rules, written once. Two validators enforce them: Sanity's schema (`schemas/`, what
 * Studio and `validateDocument` check) and the zod document models (`lib/content/documents.ts` and
 * `lib/content/models/`, what the content CLI, imports and the site check).
 *
 * Pure constants and predicates with no imports, so either side can use this module without
 * pulling Sanity into the site or zod into the Studio. `__tests__/content/rules-agree.test.ts`
 * feeds the same invalid documents to both validators and requires both to refuse each one.
 *
 * Text rules, on both sides: a required text must be present and not only whitespace; `min`
 * counts the characters left after trimming the ends (padding does not make a headline long
 * enough); `max` counts the stored text.
 */

// --- Identifiers ---------------------------------------------------------------------------------

/** Article and section slugs: lower-case letters, digits and single hyphens. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/
export const SLUG_PATTERN_MESSAGE = 'Use lower-case letters, digits and single hyphens.'

/** The longest article slug (also the Studio's slugify limit, `options.maxLength`). */
export const ARTICLE_SLUG_MAX = 96
/** The longest section slug. */
export const SECTION_SLUG_MAX = 60

/** True when `value` is a slug of at most `max` characters. */
export function isValidSlug(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.length <= max && SLUG_PATTERN.test(value)
}

/** The id of the one site-settings document (its draft is `drafts.siteSettings`). */
export const SITE_SETTINGS_ID = 'siteSettings'

/** A BCP 47 language tag as the site accepts it: `en`, `en-GB`, `zh-Hant-TW`. */
export const LANGUAGE_TAG_PATTERN = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/

/** An ISO 3166-1 alpha-2 country code (legal-notice regions). */
export const REGION_CODE_PATTERN = /^[A-Z]{2}$/

// --- Dates ---------------------------------------------------------------------------------------

/**
 * An ISO 8601 date-time with seconds and a time zone (`Z` or `±HH:MM`) on a real calendar day,
 * as Studio's datetime input writes it. The same pattern zod's `z.iso.datetime({ offset: true })`
 * uses (Sanity alone accepts a date-time without a zone).
 */
export const ISO_DATETIME_PATTERN =
  /^(?:(?:\d\d[2468][048]|\d\d[13579][26]|\d\d0[48]|[02468][048]00|[13579][26]00)-02-29|\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)|(?:02)-(?:0[1-9]|1\d|2[0-8])))T(?:(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:Z|([+-](?:[01]\d|2[0-3]):[0-5]\d)))$/
export const ISO_DATETIME_MESSAGE = 'Use an ISO 8601 date-time with a time zone, e.g. 2020-03-02T10:00:00Z.'

// --- Links and URLs ------------------------------------------------------------------------------

/** Schemes a link in text (or a legal notice's link) may use; anything else is refused. */
export const LINK_SCHEMES = ['http', 'https', 'mailto'] as const
/** Schemes of absolute web addresses (agency websites, the publisher, the site's base URL). */
export const WEB_URL_SCHEMES = ['http', 'https'] as const
/** The longest href accepted. */
export const HREF_MAX = 2048

const CONTROL_OR_SPACE = /[\u0000-\u0020\u007f-\u009f]/

/**
 * Whether an href is safe to store and render: http(s) with a host, `mailto:` with an address, or
 * a same-site relative reference (`/path`, `#id`, `?q`, `./x`, `../x`, `path`). Protocol-relative
 * `//host` is refused (it leaves the site without saying so). Whitespace, control characters and
 * backslashes are refused outright, since browsers strip or rewrite them (`java\tscript:`).
 */
export function isSafeHref(href: string): boolean {
  if (href.length === 0 || href.length > HREF_MAX) return false
  if (CONTROL_OR_SPACE.test(href) || href.includes('\\')) return false
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(href)
  if (!scheme) return !href.startsWith('//')
  const name = scheme[1].toLowerCase()
  if (!(LINK_SCHEMES as readonly string[]).includes(name)) return false
  if (name === 'mailto') return href.length > 'mailto:'.length
  return hasHost(href)
}
export const SAFE_HREF_MESSAGE = 'Use an http(s) or mailto: link, or a relative link on this site (not //host).'

/** Whether `value` is an absolute http(s) URL with a host. */
export function isWebUrl(value: string): boolean {
  if (CONTROL_OR_SPACE.test(value)) return false
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(value)?.[1].toLowerCase()
  return scheme !== undefined && (WEB_URL_SCHEMES as readonly string[]).includes(scheme) && hasHost(value)
}

function hasHost(value: string): boolean {
  try {
    return new URL(value).hostname.length > 0
  } catch {
    return false
  }
}

// --- Text ----------------------------------------------------------------------------------------

export interface TextLimit {
  /** Fewest characters after trimming the ends (required texts only). */
  readonly min?: number
  /** Most characters of the stored text. */
  readonly max?: number
}

/** Length limits of every text field, by document or object type and field. */
export const TEXT_LIMITS = {
  article: {
    headline: { min: 5, max: 200 },
    kicker: { max: 40 },
    dek: { max: 300 },
  },
  section: { title: { min: 1, max: 60 } },
  agency: {
    name: { min: 1, max: 100 },
    shortName: { min: 1, max: 30 },
  },
  legalNotice: { title: { min: 1, max: 120 } },
  breakingNews: { headline: { min: 1, max: 200 } },
  siteSettings: {
    siteName: { min: 1, max: 80 },
    description: { max: 300 },
    publisherName: { min: 1 },
  },
  figure: {
    alt: { min: 3, max: 300 },
    caption: { max: 1000 },
    credit: { max: 200 },
  },
  labelledLink: { label: { min: 1, max: 200 } },
  attribution: {
    label: { max: 100 },
    text: { max: 300 },
  },
  correction: { text: { min: 5, max: 2000 } },
  tag: { min: 1 },
} as const satisfies Record<string, TextLimit | Record<string, TextLimit>>

/** Why a required text breaks its limit, or null when it keeps it (see the header for the rule). */
export function requiredTextProblem(value: string, limit: TextLimit): string | null {
  const trimmed = value.trim().length
  if (trimmed === 0) return 'Required (not only spaces).'
  if (limit.min !== undefined && trimmed < limit.min) return `Must have at least ${limit.min} characters besides surrounding spaces.`
  if (limit.max !== undefined && value.length > limit.max) return `Must be at most ${limit.max} characters long.`
  return null
}

/**
 * Characters display text never carries: C0 controls other than tab and newline (a U+0007 made
 * every feed item invalid XML), DEL, and the bidi embedding, override and isolate controls
 * (U+202A–U+202E, U+2066–U+2069), which reorder what a reader sees (a U+202E turns "gpj.exe"
 * around).
 */
const UNSAFE_DISPLAY_CHARACTERS = /[\u0000-\u0008\u000B-\u001F\u007F\u202A-\u202E\u2066-\u2069]/g

/**
 * Display text as the site shows it: unsafe characters removed; a single-line text (a headline)
 * also has its tabs and line breaks turned into spaces.
 */
export function cleanDisplayText(value: string, { multiline = false }: { multiline?: boolean } = {}): string {
  const cleaned = value.replace(UNSAFE_DISPLAY_CHARACTERS, '')
  return multiline ? cleaned : cleaned.replace(/[\t\n]/g, ' ')
}

// --- Lists ---------------------------------------------------------------------------------------

/** The most related stories an editor may pick for an article. */
export const RELATED_MAX = 6
/** The most tags on an article. */
export const TAGS_MAX = 20

// --- Choices -------------------------------------------------------------------------------------

export const LEGAL_NOTICE_PLACEMENTS = ['articleFooter', 'articleTop', 'siteFooter'] as const
export const AUDIENCE_SCOPES = ['everyone', 'regions'] as const
export const CORRECTION_TYPES = ['correction', 'clarification'] as const

/** Portable Text of an article body: block styles, list types, decorators, annotations. */
export const BODY_STYLES = ['normal', 'h2', 'h3', 'blockquote'] as const
/** Portable Text of short texts (legal notices): plain paragraphs, no lists. */
export const SIMPLE_TEXT_STYLES = ['normal'] as const
export const LIST_TYPES = ['bullet', 'number'] as const
export const DECORATORS = ['strong', 'em'] as const
export const ANNOTATION_TYPES = ['link'] as const
