/**
 * The Studio configuration, for a real Sanity project (Sanity's hosts) or the embedded lake
 * (`apiHost` set: cookie sign-in through the lake's own sign-in page, as hosted Sanity's login
 * works, and listen streams spread over the lake's extra ports; ADR 0012). Hosted-only
 * extras (releases, scheduled publishing and drafts, tasks, comments, announcements, Canvas) are
 * off, so the Studio asks nothing the lake cannot answer. Presentation previews the site in draft mode.
 */

import { defineConfig, type Config } from 'sanity'
import { presentationTool } from 'sanity/presentation'
import { structureTool } from 'sanity/structure'
import { schemaTypes } from '../../schemas'
import { sessionAwareClientOptions, signInUrlFor } from './lake-session'
import { createLakeClientFactory } from './listen-hosts'
import { locations, mainDocuments } from './presentation'
import { deskStructure, SINGLETON_TYPES } from './structure'

export interface StudioConfigOptions {
  projectId: string
  dataset: string
  basePath?: string
  /** The lake's API host as the browser reaches it, e.g. `http://localhost:3030`; unset for Sanity's hosts. */
  apiHost?: string
  /** The lake's extra ports for listen streams. */
  listenPorts?: readonly number[]
  /** Runs when the lake refuses a call mid-session (signed out elsewhere, expired, editor removed). */
  onSessionEnded?: () => void
}

/** Studio's one login provider with the lake: its sign-in page (Studio adds `?origin=…&type=cookie`). */
const lakeSignIn = (apiHost: string) => ({ name: 'lake', title: 'Sign in with your editor token', url: signInUrlFor(apiHost) })

const SINGLETON_ACTIONS = new Set(['publish', 'discardChanges', 'restore'])

export function createStudioConfig({ projectId, dataset, basePath = '/studio', apiHost, listenPorts = [], onSessionEnded }: StudioConfigOptions): Config {
  const embedded = apiHost
    ? {
        apiHost,
        // The session is an HttpOnly cookie the lake sets: no token in the page or its storage.
        auth: { loginMethod: 'cookie' as const, redirectOnSingle: true, providers: () => [lakeSignIn(apiHost)] },
        unstable_clientFactory: createLakeClientFactory({
          apiHost,
          listenPorts,
          extra: onSessionEnded ? sessionAwareClientOptions(onSessionEnded) : {},
        }),
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
