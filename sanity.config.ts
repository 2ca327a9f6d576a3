import { createStudioConfig } from './lib/studio/config'

/**
 * The Studio configuration for the `sanity` CLI (schema extract, typegen). The site's `/studio`
 * builds the same configuration at request time (lib/studio/StudioApp.tsx), pointed at the
 * embedded lake when SANITY_PROJECT_ID is unset.
 */
export default createStudioConfig({
  projectId: process.env.SANITY_STUDIO_PROJECT_ID || process.env.SANITY_PROJECT_ID || 'local',
  dataset: process.env.SANITY_STUDIO_DATASET || process.env.SANITY_DATASET || 'production',
})
