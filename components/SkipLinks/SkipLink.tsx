type Props = { targetId: string; children: string }

/**
 * A skip link: a plain fragment link, no JavaScript. Following it focuses the target, which the
 * layout makes focusable (`tabIndex={-1}`): HTML's fragment navigation runs the focusing steps.
 */
export function SkipLink({ targetId, children }: Props) {
  return (
    <a href={`#${targetId}`} className="skip-link">
      {children}
    </a>
  )
}
