'use client'
/**
 * Draft mode only: Sanity's visual-editing overlay (click-to-edit in Presentation, refresh on
 * save), loaded after hydration. Importing `VisualEditing` statically would put its loader (and
 * next/dynamic's machinery) into the root layout's chunk, which every reader downloads; this
 * component is a few hundred bytes and fetches the rest only when it is rendered (ADR 0010).
 */
import { useEffect, useState, type ComponentType } from 'react'

export function PreviewOverlay() {
  const [Overlay, setOverlay] = useState<ComponentType | null>(null)
  useEffect(() => {
    let mounted = true
    void import('next-sanity/visual-editing').then((module) => {
      if (mounted) setOverlay(() => module.VisualEditing)
    })
    return () => {
      mounted = false
    }
  }, [])
  return Overlay ? <Overlay /> : null
}
