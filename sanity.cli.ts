import { defineCliConfig } from 'sanity/cli'

export default defineCliConfig({
  api: {
    projectId: process.env.SANITY_STUDIO_PROJECT_ID || process.env.SANITY_PROJECT_ID || 'local',
    dataset: process.env.SANITY_STUDIO_DATASET || process.env.SANITY_DATASET || 'production',
  },
  typegen: {
    path: ['./lib/content/**/*.ts', './app/**/*.{ts,tsx}'],
    schema: './sanity.schema.json',
    generates: './sanity.types.ts',
  },
})
