import type { Metadata } from 'next'
import { ArchiveIndex, archiveIndexMetadata } from './archive-views'

/** Re-rendered on publish (cache tags). */
export const revalidate = 3600

export function generateMetadata(): Promise<Metadata> {
  return archiveIndexMetadata()
}

/** /archive: the years with stories. */
export default function ArchivePage() {
  return ArchiveIndex()
}
