// Baseline page at the site's article size: the article's <body> markup plus hidden filler, so its
// whole HTML response (markup and RSC payload) is as many bytes as the site's article.
import { capturedHtml } from '../captured'

export default function SameSizePage() {
  return <div dangerouslySetInnerHTML={{ __html: capturedHtml('same-size.html') }} />
}
