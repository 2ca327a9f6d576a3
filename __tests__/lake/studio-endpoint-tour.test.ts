/**
 * Every HTTP endpoint `sanity` 5.31.2 calls for a signed-in editor with this site's Studio
 * configuration (releases, scheduling, comments, tasks, announcements and Canvas off), found by
 * grepping the Studio's code (`url:`/`uri:`/`getDataUrl(` in node_modules/sanity/lib), each asked
 * the way Studio asks it: none may answer 404 or 5xx (a 404 on grants crashed the Help menu).
 * Listen and live event streams, and their shapes, are covered by their own suites.
 * Not here because an editor does not reach them: request-access and role endpoints (editors
 * have full rights), media libraries (not configured), release and schedule actions (off).
 */

import type { RunningLakeServer } from '../../lib/lake'
import { removeDir, startTestLake } from './helpers'
import { addEditor, request } from './studio-support'

let lake: RunningLakeServer
let dataDir: string
let editor: ReturnType<typeof addEditor>

beforeAll(async () => {
  ;({ lake, dataDir } = await startTestLake({ seed: false }))
  editor = addEditor(lake, 'Tour Editor')
  const reply = await request(`${lake.url}/v2025-02-19/data/mutate/production`, {
    method: 'POST',
    token: editor.token,
    body: { mutations: [{ create: { _id: 'tour', _type: 'article', headline: 'Tour' } }], transactionId: 'tour-tx' },
  })
  expect(reply.status).toBe(200)
})

afterAll(async () => {
  await lake.close()
  removeDir(dataDir)
})

const STUDIO_CALLS: [method: string, path: string, body?: unknown][] = [
  ['GET', 'v2021-06-07/users/me'],
  ['GET', 'v2021-06-07/auth/id'],
  ['GET', 'v2021-06-07/auth/providers'],
  ['POST', 'v2021-06-07/auth/logout', {}],
  ['GET', 'v2021-12-15/projects/local'],
  ['GET', 'v2021-12-15/projects/local?includeMembers=false&includeFeatures=false&includeOrganization=true'],
  ['GET', 'v2021-12-15/projects/local/datasets'],
  ['GET', 'v2021-12-15/projects/local/datasets?datasetProfile=comments&addonFor=production'],
  ['GET', 'v2021-12-15/projects/local/datasets/production/acl'],
  ['GET', 'v2021-12-15/projects/local/grants'],
  ['GET', 'v2024-08-01/projects/local/user-applications'],
  ['GET', 'v2022-06-30/features'],
  ['GET', 'v2025-02-19/users/me/keyvalue/studio.layout,studio.search.recent'],
  ['PUT', 'v2025-02-19/users/me/keyvalue', [{ key: 'studio.layout', value: { x: 1 } }]],
  ['GET', `v2025-02-19/users/lake-token`],
  ['GET', 'v2024-02-01/journey/announcements'],
  ['GET', 'v2024-02-01/journey/trial'],
  ['GET', 'v2022-09-09/schedules/local/production?limit=1'],
  ['GET', 'v1/help?m=sanity%405.31.2&locale=en-US&tag=sanity.studio.module.version-check'],
  ['GET', 'v2023-12-18/intake/telemetry-status'],
  ['POST', 'v2023-12-18/intake/batch', []],
  ['POST', 'v2025-02-19/descriptors/claim', { descriptorId: 'd', contextKey: 'dataset:local:production' }],
  ['GET', 'v2025-02-19/ping'],
  ['GET', 'v2025-02-19/data/ping/production'],
  ['GET', 'v2025-02-19/data/query/production?query=*%5B_type%20%3D%3D%20%22article%22%5D%7B_id%7D&perspective=raw'],
  ['GET', 'v2025-02-19/data/doc/production/drafts.tour,tour?excludeContent=true'],
  ['GET', 'v2025-02-19/data/references/production/documents/tour/to?excludeInternalReferences=true&excludePaths=true'],
  ['GET', 'v2025-02-19/data/history/production/events/documents/drafts.tour?limit=100'],
  ['GET', 'v2025-02-19/data/history/production/events/documents/tour?limit=10'],
  ['GET', 'v2025-02-19/data/history/production/transactions/drafts.tour?tag=sanity.studio.documents.history&effectFormat=mendoza&excludeContent=true&includeIdentifiedDocumentsOnly=true&limit=50&fromTransaction='],
  ['GET', 'v2025-02-19/data/history/production/transactions/tour,drafts.tour?excludeContent=true&includeIdentifiedDocumentsOnly=true'],
  ['GET', 'v2025-02-19/data/history/production/documents/tour?revision=tour-tx'],
  ['GET', 'v2025-02-19/data/history/production/documents/tour,drafts.tour?lastRevision=true'],
  ['GET', `v2025-02-19/data/history/production/documents/tour?time=${encodeURIComponent(new Date().toISOString())}`],
  ['POST', 'v2025-02-19/data/actions/production', { actions: [{ actionType: 'sanity.action.document.edit', draftId: 'drafts.tour', publishedId: 'tour', patch: { set: { headline: 'Toured' } } }] }],
]

describe('the endpoints Studio calls for an editor', () => {
  // Objects, not rows: a row shorter than the callback's parameters would hand jest's `done` over as `body`.
  it.each(STUDIO_CALLS.map(([method, path, body]) => ({ method, path, body })))('$method /$path answers 2xx', async ({ method, path, body }) => {
    const reply = await request(`${lake.url}/${path}`, { method, token: editor.token, body })
    expect({ path, status: reply.status, body: reply.status >= 300 ? reply.text : undefined }).toEqual({ path, status: 200, body: undefined })
  })
})
