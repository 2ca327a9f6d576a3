import { render, screen, within } from '@testing-library/react'
import { ArticleBody } from '@/components/ArticleBody'
import { safeHref } from '@/lib/content-rules/safe-href'
import type { BodyBlock } from '@/lib/content/view-models'
import { image, paragraphWithLink } from './fixtures'

function renderBody(value: BodyBlock[]) {
  return render(<ArticleBody value={value} />)
}

describe('ArticleBody links', () => {
  it.each([
    ['javascript:', 'javascript:alert(document.cookie)'],
    ['JAVASCRIPT:', 'JAVASCRIPT:alert(1)'],
    ['leading space', ' javascript:alert(1)'],
    ['mixed case and space', ' JaVaScRiPt:alert(1)'],
    ['tab inside the scheme', 'java\tscript:alert(1)'],
    ['newline inside the scheme', 'java\nscript:alert(1)'],
    ['leading control character', '\u0001javascript:alert(1)'],
    ['data:', 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='],
    ['vbscript:', 'vbscript:msgbox(1)'],
    ['unknown scheme', 'file:///etc/passwd'],
    ['backslash host trick', '/\\evil.example'],
    ['empty', ''],
  ])('renders the text but no link for %s', (_label, href) => {
    renderBody([paragraphWithLink('p1', 'read more', href)])
    expect(screen.getByText('read more')).toBeInTheDocument()
    expect(screen.queryByRole('link')).toBeNull()
    expect(document.querySelector('a')).toBeNull()
  })

  it('links https URLs with rel="noopener noreferrer"', () => {
    renderBody([paragraphWithLink('p1', 'Reuters', 'https://www.reuters.com/')])
    const link = screen.getByRole('link', { name: 'Reuters' })
    expect(link).toHaveAttribute('href', 'https://www.reuters.com/')
    expect(link).toHaveAttribute('rel', 'noopener noreferrer')
  })

  it('links http and mailto URLs', () => {
    renderBody([
      paragraphWithLink('p1', 'old site', 'http://example.org/page'),
      paragraphWithLink('p2', 'write to us', 'mailto:newsdesk@example.org'),
    ])
    expect(screen.getByRole('link', { name: 'old site' })).toHaveAttribute('href', 'http://example.org/page')
    const mail = screen.getByRole('link', { name: 'write to us' })
    expect(mail).toHaveAttribute('href', 'mailto:newsdesk@example.org')
    expect(mail).not.toHaveAttribute('rel')
  })

  it.each(['/articles/other-story', '#corrections', './nearby', '../up'])(
    'links the relative URL %s without rel',
    (href) => {
      renderBody([paragraphWithLink('p1', 'inside link', href)])
      const link = screen.getByRole('link', { name: 'inside link' })
      expect(link).toHaveAttribute('href', href)
      expect(link).not.toHaveAttribute('rel')
    },
  )

  it('trims whitespace around an allowed URL', () => {
    expect(safeHref('  https://example.org/ \n')).toBe('https://example.org/')
    expect(safeHref(undefined)).toBeNull()
  })

  it('applies the stored-content rule (isSafeHref): no other host through //, no backslashes', () => {
    for (const href of ['//evil.example/x', ' //evil.example', '/\\evil.example', 'java\tscript:alert(1)', 'https://', 'mailto:']) {
      expect(safeHref(href)).toBeNull()
    }
    expect(safeHref('other-story')).toBe('other-story')
  })
})

describe('ArticleBody blocks', () => {
  const blocks: BodyBlock[] = [
    {
      _type: 'block',
      _key: 'h',
      style: 'h2',
      markDefs: [],
      children: [{ _type: 'span', _key: 'h1', text: 'What happened', marks: [] }],
    },
    {
      _type: 'block',
      _key: 'p',
      style: 'normal',
      markDefs: [],
      children: [
        { _type: 'span', _key: 's1', text: 'Strong', marks: ['strong'] },
        { _type: 'span', _key: 's2', text: ' and ', marks: [] },
        { _type: 'span', _key: 's3', text: 'emphasis', marks: ['em'] },
      ],
    },
    {
      _type: 'block',
      _key: 'q',
      style: 'blockquote',
      markDefs: [],
      children: [{ _type: 'span', _key: 'q1', text: 'A quotation.', marks: [] }],
    },
    {
      _type: 'block',
      _key: 'l1',
      style: 'normal',
      listItem: 'bullet',
      level: 1,
      markDefs: [],
      children: [{ _type: 'span', _key: 'l1s', text: 'First point', marks: [] }],
    },
    {
      _type: 'block',
      _key: 'l2',
      style: 'normal',
      listItem: 'bullet',
      level: 1,
      markDefs: [],
      children: [{ _type: 'span', _key: 'l2s', text: 'Second point', marks: [] }],
    },
    { _type: 'figure', _key: 'f', image },
    // A block type the renderer does not know (e.g. added to the schema later).
    { _type: 'pollEmbed', _key: 'x', question: 'Unknown block' } as unknown as BodyBlock,
  ]

  it('renders headings, emphasis, quotes, lists and inline figures', () => {
    const { container } = renderBody(blocks)
    expect(screen.getByRole('heading', { level: 2, name: 'What happened' })).toBeInTheDocument()
    expect(screen.getByText('Strong').tagName).toBe('STRONG')
    expect(screen.getByText('emphasis').tagName).toBe('EM')
    expect(container.querySelector('blockquote')).toHaveTextContent('A quotation.')
    const list = screen.getByRole('list')
    expect(within(list).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'First point',
      'Second point',
    ])
    expect(screen.getByRole('img', { name: image.alt })).toBeInTheDocument()
    expect(container.querySelector('figcaption')).toHaveTextContent(image.caption!)
  })

  it('renders nothing for unknown block types, silently', () => {
    const warn = jest.spyOn(console, 'warn')
    const error = jest.spyOn(console, 'error')
    const { container } = renderBody(blocks)
    expect(container).not.toHaveTextContent('Unknown block')
    expect(container).not.toHaveTextContent('pollEmbed')
    expect(warn).not.toHaveBeenCalled()
    expect(error).not.toHaveBeenCalled()
    warn.mockRestore()
    error.mockRestore()
  })

  it('never renders a second h1 from the body', () => {
    renderBody([
      {
        _type: 'block',
        _key: 'h1',
        style: 'h1',
        markDefs: [],
        children: [{ _type: 'span', _key: 's', text: 'Pasted title', marks: [] }],
      },
    ])
    expect(screen.queryByRole('heading', { level: 1 })).toBeNull()
    expect(screen.getByText('Pasted title').tagName).toBe('P')
  })
})
