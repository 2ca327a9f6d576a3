/**
 * The Studio configuration, for a real Sanity project (Sanity's hosts) or the embedded lake
 * (`apiHost` set: token sign-in, listen streams spread over `*.localhost` names). Hosted-only
 * extras (releases, scheduled publishing and drafts, tasks, comments, announcements, Canvas) are
 * off, so the Studio asks nothing the lake cannot answer. Presentation previews the site in draft mode.
 */

import { defineConfig, type Config } from 'sanity'
import { presentationTool } from 'sanity/presentation'
import { structureTool } from 'sanity/structure'
import { schemaTypes } from '../../schemas'
import { createListenSpreadingClientFactory } from './listen-hosts'
import { locations, mainDocuments } from './presentation'
import { deskStructure, SINGLETON_TYPES } from './structure'

export interface StudioConfigOptions {
  projectId: string
  dataset: string
  basePath?: string
  /** The lake's API host as the browser reaches it, e.g. `http://localhost:3030`; unset for Sanity's hosts. */
  apiHost?: string
}

const SINGLETON_ACTIONS = new Set(['publish', 'discardChanges', 'restore'])

export function createStudioConfig({ projectId, dataset, basePath = '/studio', apiHost }: StudioConfigOptions): Config {
  const embedded = apiHost
    ? {
        apiHost,
        auth: { loginMethod: 'token' as const },
        unstable_clientFactory: createListenSpreadingClientFactory(apiHost),
      }
    : {}
  return defineConfig({
    name: 'default',
    title: 'Newsroom',
    basePath,
    projectId,
    dataset,
    ...embedded,
    plugins: [
      structureTool({ structure: deskStructure }),
      // The site previews drafts itself: Presentation opens it (same origin as the Studio) through
      // draft mode's enable route, which checks the preview secret Presentation stores in the dataset.
      presentationTool({
        previewUrl: { previewMode: { enable: '/api/draft-mode/enable', disable: '/api/draft-mode/disable' } },
        resolve: { locations, mainDocuments },
      }),
    ],
    schema: {
      types: schemaTypes,
      templates: (templates) => templates.filter((template) => !SINGLETON_TYPES.has(template.schemaType)),
    },
    document: {
      actions: (actions, context) =>
        SINGLETON_TYPES.has(context.schemaType) ? actions.filter((action) => action.action && SINGLETON_ACTIONS.has(action.action)) : actions,
      newDocumentOptions: (options) => options.filter((option) => !SINGLETON_TYPES.has(option.templateId)),
      comments: { enabled: false },
    },
    releases: { enabled: false },
    scheduledPublishing: { enabled: false },
    scheduledDrafts: { enabled: false },
    apps: { canvas: { enabled: false } },
    tasks: { enabled: false },
    announcements: { enabled: false },
  })
}
