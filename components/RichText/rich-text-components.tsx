import type { PortableTextBlockComponent, PortableTextComponents } from '@portabletext/react'
import { SafeLink } from './SafeLink'

/**
 * One function for every block style, so styles we do not allow (an "h1" pasted into the body,
 * "h4"…) become paragraphs instead of the library's default headings: the headline stays the
 * page's only h1 and the outline stays h1 > h2 > h3.
 */
const Block: PortableTextBlockComponent = ({ value, children }) => {
  switch (value.style) {
    case 'h2':
      return <h2>{children}</h2>
    case 'h3':
      return <h3>{children}</h3>
    case 'blockquote':
      return <blockquote>{children}</blockquote>
    default:
      return <p>{children}</p>
  }
}

/**
 * Portable Text components shared by the article body and legal notices: paragraphs, sub-heads,
 * quotes, lists, strong/em and safe links. Unknown block types and marks render nothing extra
 * (the library's default renders a hidden warning `<div>`).
 */
export const richTextComponents = {
  block: Block,
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
  unknownList: ({ children }) => <ul>{children}</ul>,
  unknownListItem: ({ children }) => <li>{children}</li>,
} satisfies PortableTextComponents
