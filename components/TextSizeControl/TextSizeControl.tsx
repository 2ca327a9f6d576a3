'use client'

import { useSyncExternalStore } from 'react'
import { TEXT_SIZES, TEXT_SIZE_LABELS } from './text-size'
import { readTextSize, serverTextSize, subscribeTextSize, writeTextSize } from './text-size-store'
import styles from './TextSizeControl.module.css'

/**
 * XS / SM / MD / LG toggle buttons. The server (and hydration) render MD pressed; React then
 * switches to the value on `<html>` without a hydration mismatch (useSyncExternalStore).
 */
export function TextSizeControl() {
  const current = useSyncExternalStore(subscribeTextSize, readTextSize, serverTextSize)
  return (
    <div role="group" aria-label="Text size" className={styles.control}>
      <span className={styles.label} aria-hidden="true">
        Text size
      </span>
      {TEXT_SIZES.map((size) => (
        <button
          key={size}
          type="button"
          className={styles.button}
          // The name starts with the visible letters (WCAG 2.5.3 label in name), then says what they mean.
          aria-label={`${TEXT_SIZE_LABELS[size].short}, ${TEXT_SIZE_LABELS[size].long}`}
          aria-pressed={size === current}
          onClick={() => writeTextSize(size)}
        >
          {TEXT_SIZE_LABELS[size].short}
        </button>
      ))}
    </div>
  )
}
