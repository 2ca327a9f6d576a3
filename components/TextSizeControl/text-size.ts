/** Shared by the head script and the control: the allowed sizes and where the choice is kept. */
export const TEXT_SIZES = ['xs', 'sm', 'md', 'lg'] as const
export type TextSize = (typeof TEXT_SIZES)[number]

export const DEFAULT_TEXT_SIZE: TextSize = 'md'
export const TEXT_SIZE_STORAGE_KEY = 'text-size'

export function isTextSize(value: unknown): value is TextSize {
  return typeof value === 'string' && (TEXT_SIZES as readonly string[]).includes(value)
}

/** Visible letters and the longer words that complete each button's accessible name. */
export const TEXT_SIZE_LABELS: Record<TextSize, { short: string; long: string }> = {
  xs: { short: 'XS', long: 'extra small text' },
  sm: { short: 'SM', long: 'small text' },
  md: { short: 'MD', long: 'medium text' },
  lg: { short: 'LG', long: 'large text' },
}
