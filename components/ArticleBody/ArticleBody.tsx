import { PortableText, type PortableTextComponents } from '@portabletext/react'
import type { BodyBlock, BodyFigureBlock } from '@/lib/content/view-models'
import { Figure } from '@/components/Figure'
import { richTextComponents } from '@/components/RichText'
import styles from './ArticleBody.module.css'

type Props = { value: BodyBlock[] }

function InlineFigure({ value }: { value: Partial<BodyFigureBlock> | undefined }) {
  const image = value?.image
  if (!image?.url || !image.width || !image.height) return null
  return <Figure image={image} />
}

const bodyComponents = {
  ...richTextComponents,
  types: { figure: InlineFigure },
} satisfies PortableTextComponents

/**
 * The article text: paragraphs, sub-heads, quotes, lists, safe links and inline figures.
 * Sized by `--article-font-size` (set by the text-size control) and kept to a readable measure.
 */
export function ArticleBody({ value }: Props) {
  return (
    <div className={`${styles.body} article-text`}>
      <PortableText value={value} components={bodyComponents} onMissingComponent={false} />
    </div>
  )
}
