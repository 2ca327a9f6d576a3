import { act, fireEvent, render, screen } from '@testing-library/react'
import { renderToString } from 'react-dom/server'
import { TextSizeControl, TEXT_SIZE_STORAGE_KEY } from '@/components/TextSizeControl'

const root = document.documentElement

function pressed() {
  return screen.getAllByRole('button').filter((button) => button.getAttribute('aria-pressed') === 'true')
}

beforeEach(() => {
  delete root.dataset.textSize
  window.localStorage.clear()
})

afterEach(() => {
  jest.restoreAllMocks()
})

describe('TextSizeControl', () => {
  it('is a "Text size" group of four buttons showing XS, SM, MD, LG, with MD pressed by default', () => {
    render(<TextSizeControl />)
    const group = screen.getByRole('group', { name: 'Text size' })
    const buttons = screen.getAllByRole('button')
    expect(buttons.map((button) => button.textContent)).toEqual(['XS', 'SM', 'MD', 'LG'])
    buttons.forEach((button) => expect(group).toContainElement(button))
    expect(screen.getByRole('button', { name: /^XS, extra small text$/ })).toHaveAttribute('aria-pressed', 'false')
    expect(pressed()).toEqual([screen.getByRole('button', { name: /^MD/ })])
  })

  it('moves aria-pressed, sets <html data-text-size> and persists the choice', () => {
    render(<TextSizeControl />)
    fireEvent.click(screen.getByRole('button', { name: /large text$/ }))
    expect(screen.getByRole('button', { name: /^LG/ })).toHaveAttribute('aria-pressed', 'true')
    expect(screen.getByRole('button', { name: /^MD/ })).toHaveAttribute('aria-pressed', 'false')
    expect(pressed()).toHaveLength(1)
    expect(root.dataset.textSize).toBe('lg')
    expect(window.localStorage.getItem(TEXT_SIZE_STORAGE_KEY)).toBe('lg')

    fireEvent.click(screen.getByRole('button', { name: /^XS/ }))
    expect(pressed()).toEqual([screen.getByRole('button', { name: /^XS/ })])
    expect(root.dataset.textSize).toBe('xs')
    expect(window.localStorage.getItem(TEXT_SIZE_STORAGE_KEY)).toBe('xs')
  })

  it('reads the initial value from the <html> attribute set by the head script', () => {
    root.dataset.textSize = 'sm'
    render(<TextSizeControl />)
    expect(pressed()).toEqual([screen.getByRole('button', { name: /^SM/ })])
  })

  it('ignores an invalid attribute value and shows MD', () => {
    root.dataset.textSize = 'huge'
    render(<TextSizeControl />)
    expect(pressed()).toEqual([screen.getByRole('button', { name: /^MD/ })])
  })

  it('still works when localStorage throws', () => {
    jest.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError')
    })
    render(<TextSizeControl />)
    expect(() => fireEvent.click(screen.getByRole('button', { name: /^LG/ }))).not.toThrow()
    expect(root.dataset.textSize).toBe('lg')
    expect(screen.getByRole('button', { name: /^LG/ })).toHaveAttribute('aria-pressed', 'true')
  })

  it('still works when localStorage itself is unavailable', () => {
    const descriptor = Object.getOwnPropertyDescriptor(window, 'localStorage')
    Object.defineProperty(window, 'localStorage', {
      configurable: true,
      get() {
        throw new DOMException('Access is denied.', 'SecurityError')
      },
    })
    try {
      render(<TextSizeControl />)
      fireEvent.click(screen.getByRole('button', { name: /^SM/ }))
      expect(root.dataset.textSize).toBe('sm')
      expect(screen.getByRole('button', { name: /^SM/ })).toHaveAttribute('aria-pressed', 'true')
    } finally {
      if (descriptor) Object.defineProperty(window, 'localStorage', descriptor)
    }
  })

  it('keeps several controls on a page in sync', () => {
    render(
      <>
        <TextSizeControl />
        <TextSizeControl />
      </>,
    )
    fireEvent.click(screen.getAllByRole('button', { name: /^LG/ })[0])
    screen.getAllByRole('button', { name: /^LG/ }).forEach((button) => {
      expect(button).toHaveAttribute('aria-pressed', 'true')
    })
  })

  it('follows a change made in another tab', () => {
    render(<TextSizeControl />)
    act(() => {
      window.dispatchEvent(new StorageEvent('storage', { key: TEXT_SIZE_STORAGE_KEY, newValue: 'xs' }))
    })
    expect(root.dataset.textSize).toBe('xs')
    expect(pressed()).toEqual([screen.getByRole('button', { name: /^XS/ })])
  })

  it('hydrates server HTML (MD pressed) without a mismatch, then shows the stored size', () => {
    const serverHtml = renderToString(<TextSizeControl />)
    expect(serverHtml).toMatch(/aria-pressed="true"[^>]*>MD/)
    root.dataset.textSize = 'lg'
    const container = document.createElement('div')
    container.innerHTML = serverHtml
    document.body.appendChild(container)
    const consoleError = jest.spyOn(console, 'error')
    render(<TextSizeControl />, { container, hydrate: true })
    expect(consoleError).not.toHaveBeenCalled()
    expect(pressed()).toEqual([screen.getByRole('button', { name: /^LG/ })])
  })
})
