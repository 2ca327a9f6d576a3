import { renderToStaticMarkup } from 'react-dom/server'
import { TEXT_SIZE_STORAGE_KEY } from '@/components/TextSizeControl'
import { TextSizeScript } from '@/components/TextSizeScript'

const root = document.documentElement

/** Server-renders the component (it lives in <head>) and runs its script text as a browser would. */
function runHeadScript() {
  const template = document.createElement('template')
  template.innerHTML = renderToStaticMarkup(<TextSizeScript />)
  const script = template.content.querySelector('script')
  expect(script).not.toBeNull()
  new Function(script!.textContent ?? '')()
}

beforeEach(() => {
  delete root.dataset.textSize
  window.localStorage.clear()
})

afterEach(() => {
  jest.restoreAllMocks()
})

describe('TextSizeScript', () => {
  it.each(['xs', 'sm', 'md', 'lg'])('applies a stored "%s" to <html data-text-size>', (size) => {
    window.localStorage.setItem(TEXT_SIZE_STORAGE_KEY, size)
    runHeadScript()
    expect(root.dataset.textSize).toBe(size)
  })

  it.each(['huge', 'LG', '', 'lg; color: red', '"><script>'])('ignores the junk value %p', (junk) => {
    window.localStorage.setItem(TEXT_SIZE_STORAGE_KEY, junk)
    runHeadScript()
    expect(root).not.toHaveAttribute('data-text-size')
  })

  it('leaves the page at the default when nothing is stored', () => {
    runHeadScript()
    expect(root).not.toHaveAttribute('data-text-size')
  })

  it('does not throw when localStorage throws', () => {
    jest.spyOn(Storage.prototype, 'getItem').mockImplementation(() => {
      throw new DOMException('Access is denied.', 'SecurityError')
    })
    expect(() => runHeadScript()).not.toThrow()
    expect(root).not.toHaveAttribute('data-text-size')
  })
})
