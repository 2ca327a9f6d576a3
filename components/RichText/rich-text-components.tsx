import type { PortableTextComponents } from '@portabletext/react'
import { SafeLink } from './SafeLink'

/**
 * Portable Text components shared by the article body and legal notices: paragraphs, sub-heads,
 * quotes, lists, strong/em and safe links. Unknown block types and marks render nothing extra
 * (the library's default renders a hidden warning `<div>`).
 */
export const richTextComponents = {
  block: {
    normal: ({ children }) => <p>{children}</p>,
    h2: ({ children }) => <h2>{children}</h2>,
    h3: ({ children }) => <h3>{children}</h3>,
    blockquote: ({ children }) => <blockquote>{children}</blockquote>,
  },
  list: {
    bullet: ({ children }) => <ul>{children}</ul>,
    number: ({ children }) => <ol>{children}</ol>,
  },
  listItem: {
    bullet: ({ children }) => <li>{children}</li>,
    number: ({ children }) => <li>{children}</li>,
  },
  marks: {
    strong: ({ children }) => <strong>{children}</strong>,
    em: ({ children }) => <em>{children}</em>,
    link: ({ value, children }) => <SafeLink href={(value as { href?: unknown } | undefined)?.href}>{children}</SafeLink>,
  },
  unknownType: () => null,
  unknownMark: ({ children }) => <>{children}</>,
  // Anything not styled above (an "h1" pasted into the body, say) becomes a paragraph, keeping
  // the headline the page's only h1.
  unknownBlockStyle: ({ children }) => <p>{children}</p>,
} satisfies PortableTextComponents
