/**
 * The project and user endpoints Studio calls before and while it edits, answered with Sanity's
 * shapes for the one local project: users/me, auth/*, projects/<id>, datasets, ACL, features,
 * key-value store, users/<ids>, grants, user-applications, journey/*, schedules, descriptors, ping,
 * help, intake.
 * Studio treats most of these as optional extras; answering them keeps its console clean.
 */

import { badRequest, methodNotAllowed, notFound, unauthorized } from '../errors'
import { readBody, sendJson, type RequestContext } from '../http/request'
import type { LakeStore } from '../store'
import { callerOf, LAKE_TOKEN_IDENTITY, requireCaller, type Caller } from './auth'
import type { EditorRegistry } from './editors'
import { sessionIdOf } from './session-cookie'
import { MAX_KEY_LENGTH, MAX_VALUE_BYTES, type KeyValuePair, type KeyValueStore } from './keyvalue'

export interface ProjectRouteDeps {
  store: LakeStore
  editors: EditorRegistry
  keyvalue: KeyValueStore
}

const ADMIN_ROLE = { name: 'administrator', title: 'Administrator' }
const GRANTS = [{ filter: '_id in path("**")', permissions: ['read', 'create', 'history', 'update', 'manage'] }]

const grant = (...names: string[]) => [{ grants: names.map((name) => ({ name, params: {} })), config: {} }]

/**
 * `GET /projects/<id>/grants`: the caller's permissions per resource type, as Sanity's access API
 * answers (`{[resourceType]: [{grants: [{name, params}], config}]}`). Studio reads it for the Help
 * menu ("Register studio" needs `sanity.project` → `deployStudio`) and the user menu (inviting
 * members needs `sanity.project.members` → `invite`). Neither is granted: there is no hosted
 * Studio to deploy to, and editors are added with the lake's editor CLI, not invited.
 */
const PROJECT_GRANTS = {
  'sanity.project': grant('read'),
  'sanity.project.datasets': grant('read'),
  'sanity.project.members': grant('read'),
  'sanity.document.filter.mode': [
    {
      grants: ['read', 'create', 'update', 'history', 'editHistory'].map((name) => ({ name, params: {} })),
      config: { filter: '_id in path("**")' },
    },
  ],
}

function currentUserOf(caller: Caller) {
  return {
    id: caller.id,
    name: caller.name,
    email: `${caller.id}@editors.lake.local`,
    provider: 'lake',
    role: ADMIN_ROLE.name,
    roles: [ADMIN_ROLE],
  }
}

function projectOf(deps: ProjectRouteDeps, caller: Caller) {
  const members = [
    { id: LAKE_TOKEN_IDENTITY, createdAt: '1970-01-01T00:00:00Z', role: ADMIN_ROLE.name, roles: [ADMIN_ROLE], isRobot: true, isCurrentUser: caller.id === LAKE_TOKEN_IDENTITY },
    ...deps.editors.list().map((editor) => ({
      id: editor.id,
      createdAt: editor.createdAt,
      role: ADMIN_ROLE.name,
      roles: [ADMIN_ROLE],
      isRobot: false,
      isCurrentUser: caller.id === editor.id,
    })),
  ]
  return {
    id: deps.store.projectId,
    displayName: 'Embedded Content Lake',
    studioHost: null,
    organizationId: null,
    isBlocked: false,
    isDisabled: false,
    isDisabledByUser: false,
    createdAt: '1970-01-01T00:00:00Z',
    metadata: {},
    maxRetentionDays: 36500,
    pendingInvites: 0,
    features: [],
    members,
  }
}

/** The lake's own writers, as they appear as authors in history (see `identity` in store/import/assets). */
const SYSTEM_USERS: Record<string, string> = {
  [LAKE_TOKEN_IDENTITY]: 'Site server token',
  'lake-import': 'Dataset import',
  'lake-assets': 'Asset upload',
  lake: 'Content Lake',
}

/** Users Studio asks about by id (history authors, presence): editors and the lake's own writers. Unknown ids are left out. */
function usersByIds(deps: ProjectRouteDeps, ids: string[]) {
  return ids.flatMap((id) => {
    if (Object.hasOwn(SYSTEM_USERS, id)) return [{ id, displayName: SYSTEM_USERS[id] }]
    const editor = deps.editors.byId(id)
    return editor ? [{ id: editor.id, displayName: editor.name }] : []
  })
}

async function readKeyValuePairs(ctx: RequestContext): Promise<KeyValuePair[]> {
  const raw = await readBody(ctx.req, MAX_VALUE_BYTES * 4)
  let parsed: unknown
  try {
    parsed = JSON.parse(raw.toString('utf8'))
  } catch {
    throw badRequest('Request body is not valid JSON')
  }
  if (!Array.isArray(parsed)) throw badRequest('Expected a JSON array of {key, value}')
  return parsed.map((pair, index) => {
    const { key, value } = (pair ?? {}) as { key?: unknown; value?: unknown }
    if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH) {
      throw badRequest(`Item ${index}: "key" must be a string of 1-${MAX_KEY_LENGTH} characters`)
    }
    if (value === undefined) throw badRequest(`Item ${index}: "value" is missing`)
    return { key, value }
  })
}

/**
 * Answers `rest` (the path after `/v<date>/`) when it is a project/user endpoint; false when it
 * is not one of ours (so the lake's own routes handle it).
 */
export async function handleProjectRoute(ctx: RequestContext, rest: string[], deps: ProjectRouteDeps): Promise<boolean> {
  const { req, res } = ctx
  const method = req.method ?? 'GET'
  const [area, second, third, fourth, fifth] = rest
  const get = () => {
    if (method !== 'GET' && method !== 'HEAD') throw methodNotAllowed(method)
  }
  switch (area) {
    case 'ping':
      get()
      sendJson(res, 200, 'PONG')
      return true
    case 'auth':
      if (second === 'id') {
        get()
        sendJson(res, 200, { id: requireCaller(req, 'auth/id').id })
      } else if (second === 'providers') {
        get()
        sendJson(res, 200, { thirdPartyLogin: false, sso: {}, providers: [] })
      } else if (second === 'logout') {
        sendJson(res, 200, {})
      } else throw notFound(`No route for ${method} ${ctx.url.pathname}`)
      return true
    case 'users': {
      if (second === 'me' && third === 'keyvalue') {
        const caller = requireCaller(req, 'the key-value store')
        if (method === 'PUT' || method === 'POST') {
          sendJson(res, 200, deps.keyvalue.set(caller.id, await readKeyValuePairs(ctx)))
        } else {
          get()
          const keys = (fourth ?? '').split(',').filter(Boolean)
          if (keys.length === 0) throw badRequest('Name at least one key: /users/me/keyvalue/<key>[,<key>…]')
          sendJson(res, 200, deps.keyvalue.get(caller.id, keys))
        }
        return true
      }
      get()
      if (second === 'me' && third === undefined) {
        // Nobody signed in: an empty object, as Sanity answers (Studio reads "no id" as signed out;
        // a 401 here would be logged as an error on every visit to the sign-in screen). A bad token
        // was already refused by authentication; a session cookie that no longer holds gets 401,
        // which sends a signed-in Studio back to the sign-in page.
        const caller = callerOf(req)
        if (!caller && sessionIdOf(req)) throw unauthorized('Your session has ended: sign in again')
        sendJson(res, 200, caller ? currentUserOf(caller) : {})
        return true
      }
      requireCaller(req, 'users')
      if (!second || third !== undefined) throw notFound(`No route for ${method} ${ctx.url.pathname}`)
      const ids = second.split(',').filter(Boolean)
      const users = usersByIds(deps, ids)
      sendJson(res, 200, ids.length === 1 ? (users[0] ?? null) : users)
      return true
    }
    case 'projects': {
      get()
      const caller = requireCaller(req, 'projects')
      if (second !== deps.store.projectId) throw notFound(`Project "${second ?? ''}" not found`)
      if (third === undefined) sendJson(res, 200, projectOf(deps, caller))
      else if (third === 'datasets' && fourth === undefined) {
        const profile = ctx.url.searchParams.get('datasetProfile')
        sendJson(res, 200, profile && profile !== 'content' ? [] : [{ name: deps.store.dataset, aclMode: 'private', datasetProfile: 'content' }])
      } else if (third === 'datasets' && fourth === deps.store.dataset && fifth === 'acl') sendJson(res, 200, GRANTS)
      else if (third === 'grants' && fourth === undefined) sendJson(res, 200, PROJECT_GRANTS)
      else if (third === 'user-applications' && fourth === undefined) sendJson(res, 200, [])
      else throw notFound(`No route for ${method} ${ctx.url.pathname}`)
      return true
    }
    case 'features':
      get()
      sendJson(res, 200, [])
      return true
    case 'journey':
      get()
      sendJson(res, 200, null)
      return true
    case 'schedules':
      get()
      requireCaller(req, 'schedules')
      sendJson(res, 200, { schedules: [] })
      return true
    case 'descriptors':
      // Studio uploads its schema as "descriptors" for Sanity's hosted tools. The lake keeps no
      // schema registry and needs none: a claim is answered "complete", so nothing is uploaded.
      if (method !== 'POST') throw methodNotAllowed(method)
      requireCaller(req, 'descriptors')
      req.resume()
      if (second === 'claim' && third === undefined) sendJson(res, 200, { synchronization: { type: 'complete' } })
      else if (second === 'synchronize' && third === undefined) sendJson(res, 200, { type: 'complete' })
      else throw notFound(`No route for ${method} ${ctx.url.pathname}`)
      return true
    case 'help':
      get()
      sendJson(res, 200, {})
      return true
    case 'intake':
      // Telemetry stays off: consent is always "denied", batches are accepted and dropped.
      if (second === 'telemetry-status') sendJson(res, 200, { status: 'denied' })
      else {
        req.resume()
        sendJson(res, 200, {})
      }
      return true
    default:
      return false
  }
}
