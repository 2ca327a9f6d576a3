import type { ReactNode } from 'react'
import { isExternalHref, safeHref } from '@/lib/content-rules/safe-href'

type Props = { href: unknown; children: ReactNode; className?: string }

/**
 * An `<a>` only when the URL passes `safeHref`; otherwise the text alone. External links get
 * `rel="noopener noreferrer"`.
 */
export function SafeLink({ href, children, className }: Props) {
  const url = safeHref(href)
  if (url === null) return <>{children}</>
  const rel = isExternalHref(url) ? 'noopener noreferrer' : undefined
  return (
    <a href={url} rel={rel} className={className}>
      {children}
    </a>
  )
}
