import type { DatetimeRule, SlugRule, StringRule, UrlRule, ValidationContext } from 'sanity'
import {
  ISO_DATETIME_MESSAGE,
  ISO_DATETIME_PATTERN,
  LINK_SCHEMES,
  SAFE_HREF_MESSAGE,
  SLUG_PATTERN,
  SLUG_PATTERN_MESSAGE,
  WEB_URL_SCHEMES,
  isSafeHref,
  requiredTextProblem,
  type TextLimit,
} from '../lib/content-rules'

/**
 * The shared content rules (`lib/content-rules`) as Sanity validation rules, so every schema type
 * states a limit the same way the zod models do. Custom validators get `undefined` for an absent
 * value and leave it to `required()`.
 */

/** A required string or text: present, not only spaces, within `limit` (see `lib/content-rules`). */
export function requiredText(rule: StringRule, limit: TextLimit): StringRule {
  const bounded = limit.max === undefined ? rule.required() : rule.required().max(limit.max)
  return bounded.custom((value: string | undefined) => (value === undefined ? true : (requiredTextProblem(value, limit) ?? true)))
}

/** An optional string or text of at most `limit.max` characters. */
export function optionalText(rule: StringRule, limit: TextLimit): StringRule {
  return limit.max === undefined ? rule : rule.max(limit.max)
}

/** A required slug: lower-case letters, digits and single hyphens, at most `max` characters. */
export function requiredSlug(rule: SlugRule, max: number): SlugRule {
  return rule.required().custom((slug: { current?: string } | undefined) => {
    const current = slug?.current
    if (current === undefined || current === '') return 'A slug is required.'
    if (current.length > max) return `A slug may have at most ${max} characters.`
    return SLUG_PATTERN.test(current) || SLUG_PATTERN_MESSAGE
  })
}

/** A date-time with seconds and a time zone (Sanity alone would also take one without a zone). */
export function isoDateTime(rule: DatetimeRule): DatetimeRule {
  return rule.custom((value: string | undefined) => value === undefined || ISO_DATETIME_PATTERN.test(value) || ISO_DATETIME_MESSAGE)
}

/** A link in text or a legal notice: http(s), mailto: or same-site relative, never `//host`. */
export function safeLink(rule: UrlRule): UrlRule {
  return rule
    .uri({ scheme: [...LINK_SCHEMES], allowRelative: true })
    .custom((value: string | undefined) => value === undefined || isSafeHref(value) || SAFE_HREF_MESSAGE)
}

/** An absolute http(s) address. */
export function webUrl(rule: UrlRule): UrlRule {
  return rule.uri({ scheme: [...WEB_URL_SCHEMES] })
}

/** The `_id` of the document being validated, without a `drafts.` prefix. */
export function publishedIdOf(context: ValidationContext): string | undefined {
  const id = context.document?._id
  return typeof id === 'string' ? id.replace(/^drafts\./, '') : undefined
}
