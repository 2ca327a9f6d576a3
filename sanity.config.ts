import { defineConfig } from 'sanity'
import { structureTool } from 'sanity/structure'
import { schemaTypes } from './schemas'

/**
 * Studio configuration for a real Sanity project (Studio itself is wired into the app later).
 * The embedded lake cannot host Studio; offline, editors use the site's own editor desk.
 */
export default defineConfig({
  name: 'default',
  title: 'Newsroom',
  projectId: process.env.SANITY_STUDIO_PROJECT_ID || process.env.SANITY_PROJECT_ID || 'local',
  dataset: process.env.SANITY_STUDIO_DATASET || process.env.SANITY_DATASET || 'production',
  plugins: [structureTool()],
  schema: { types: schemaTypes },
})
