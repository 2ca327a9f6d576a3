'use client'

type Props = { targetId: string; children: string }

/**
 * A skip link. The fragment navigation works without JS (targets carry tabIndex={-1}); the click
 * handler also moves focus explicitly for browsers that only scroll to the target.
 */
export function SkipLink({ targetId, children }: Props) {
  function moveFocus() {
    const target = document.getElementById(targetId)
    if (!target) return
    if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1')
    target.focus()
  }
  return (
    <a href={`#${targetId}`} className="skip-link" onClick={moveFocus}>
      {children}
    </a>
  )
}
