// Baseline page with only the story text (headline and paragraphs) of the site's article.
import { capturedHtml } from '../captured'

export default function StoryTextPage() {
  return <article dangerouslySetInnerHTML={{ __html: capturedHtml('story.html') }} />
}
