'use client'
/**
 * Draft mode only: Sanity's visual editing (click-to-edit overlays in Presentation, and the
 * preview following the typing: see live-preview.tsx), loaded after hydration. Importing it
 * statically would put next-sanity's loader (and next/dynamic's machinery) into the root layout's
 * chunk, which every reader downloads; this component is a few hundred bytes and fetches the rest
 * only when it is rendered (ADR 0010).
 */
import { useEffect, useState, type ComponentType } from 'react'

export function PreviewOverlay() {
  const [Overlay, setOverlay] = useState<ComponentType | null>(null)
  useEffect(() => {
    let mounted = true
    void import('./live-preview').then((module) => {
      if (mounted) setOverlay(() => module.LivePreview)
    })
    return () => {
      mounted = false
    }
  }, [])
  return Overlay ? <Overlay /> : null
}
