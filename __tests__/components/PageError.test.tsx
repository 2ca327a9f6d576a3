import { fireEvent, render, screen } from '@testing-library/react'
import ErrorPage from '@/app/(site)/error'

describe('error pages', () => {
  let warn: jest.SpyInstance
  beforeEach(() => {
    warn = jest.spyOn(console, 'warn').mockImplementation(() => {})
  })
  afterEach(() => warn.mockRestore())

  it('explain the failure, offer a retry that calls reset, link home and show the reference', () => {
    const reset = jest.fn()
    const error = Object.assign(new Error('lake down'), { digest: 'abc123' })
    render(<ErrorPage error={error} reset={reset} />)
    expect(screen.getByRole('alert')).toBeInTheDocument()
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('This page could not be loaded')
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }))
    expect(reset).toHaveBeenCalledTimes(1)
    expect(screen.getByRole('link', { name: 'Go to the home page' })).toHaveAttribute('href', '/')
    expect(screen.getByText('Reference: abc123')).toBeInTheDocument()
    expect(warn).toHaveBeenCalledWith('This page could not be loaded (reference abc123)')
    // The internal message is never shown to readers.
    expect(screen.queryByText(/lake down/)).not.toBeInTheDocument()
  })

  it('shows no reference when the error has none', () => {
    render(<ErrorPage error={new Error('layout failed')} reset={jest.fn()} />)
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('This page could not be loaded')
    expect(screen.queryByText(/Reference:/)).not.toBeInTheDocument()
  })
})
