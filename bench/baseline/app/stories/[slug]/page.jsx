// Baseline page at the article size on a dynamic route prerendered with generateStaticParams and
// revalidated like the site's article route: bare Next's cost of that route kind at equal bytes.
import { capturedHtml } from '../../captured'

export const revalidate = 3600
export const dynamicParams = true

export function generateStaticParams() {
  return [{ slug: 'the-story' }]
}

export default function StoryRoutePage() {
  return <div dangerouslySetInnerHTML={{ __html: capturedHtml('same-size.html') }} />
}
