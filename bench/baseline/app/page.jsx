// Baseline page: the site's article <body> markup (scripts removed), served by bare Next.js.
import { capturedHtml } from './captured'

export default function ArticleBodyPage() {
  return <div dangerouslySetInnerHTML={{ __html: capturedHtml('article-body.html') }} />
}
