'use client'
/**
 * The Studio page's client side. With the embedded lake, an editor first signs in with their
 * token (from `npm run content -- editor add "Name"`): it is checked against the lake, then handed
 * to Studio in the URL fragment (`#token=…`), which browsers never send to a server; Studio
 * moves it to localStorage and clears the fragment. With a real project it is the ordinary Studio.
 */

import { NextStudio } from 'next-sanity/studio/client-component'
import { useEffect, useMemo, useState, type FormEvent } from 'react'
import { createStudioConfig } from './config'
import { installOfflineFetchGuard } from './offline-hosts'

export interface StudioAppProps {
  projectId: string
  dataset: string
  /** The lake's API host as the browser reaches it; unset with a real Sanity project. */
  apiHost?: string
}

const MIN_TOKEN_LENGTH = 32

const TOKEN_CHECK_API_VERSION = '2025-02-19'

function storedTokenKey(projectId: string): string {
  return `__studio_auth_token_${projectId}`
}

function hasStoredToken(projectId: string): boolean {
  if (/[#&]token=/.test(window.location.hash)) return true
  try {
    const stored = JSON.parse(window.localStorage.getItem(storedTokenKey(projectId)) ?? 'null') as { token?: unknown } | null
    return typeof stored?.token === 'string' && stored.token.length > 0
  } catch {
    return false
  }
}

/** `http://localhost:3030` + project `local` → `http://local.localhost:3030/v…/users/me`, as Studio's client calls it. */
function usersMeUrl(apiHost: string, projectId: string): string {
  const url = new URL(apiHost)
  url.hostname = `${projectId}.${url.hostname}`
  return `${url.origin}/v${TOKEN_CHECK_API_VERSION}/users/me`
}

function SignIn({ apiHost, projectId, onSignedIn }: { apiHost: string; projectId: string; onSignedIn: () => void }) {
  const [token, setToken] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const value = token.trim()
    if (value.length < MIN_TOKEN_LENGTH) {
      setProblem(`An editor token has at least ${MIN_TOKEN_LENGTH} characters.`)
      return
    }
    setBusy(true)
    setProblem(null)
    try {
      const response = await fetch(usersMeUrl(apiHost, projectId), { headers: { authorization: `Bearer ${value}` } })
      if (response.status === 401) throw new Error('This token is not valid (or the editor was removed).')
      if (!response.ok) throw new Error(`The content lake answered ${response.status}.`)
      window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}#token=${encodeURIComponent(value)}`)
      onSignedIn()
    } catch (error) {
      setProblem(error instanceof TypeError ? 'The content lake is not reachable: is `npm start` running?' : (error as Error).message)
    } finally {
      setBusy(false)
    }
  }
  return (
    <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', fontFamily: 'system-ui, sans-serif' }}>
      <form onSubmit={submit} style={{ width: 'min(28rem, 90vw)', display: 'grid', gap: '0.75rem' }} aria-labelledby="studio-sign-in-title">
        <h1 id="studio-sign-in-title" style={{ fontSize: '1.5rem', margin: 0 }}>Sign in to the Studio</h1>
        <p style={{ margin: 0, color: '#444' }}>
          Paste your editor token. An administrator creates one with <code>npm run content -- editor add &quot;Your Name&quot;</code>.
        </p>
        <label htmlFor="studio-token">Editor token</label>
        <input id="studio-token" name="token" type="password" autoComplete="current-password" value={token} onChange={(e) => setToken(e.target.value)} required style={{ padding: '0.5rem', fontSize: '1rem' }} />
        {problem ? <p role="alert" style={{ color: '#b00020', margin: 0 }}>{problem}</p> : null}
        <button type="submit" disabled={busy} style={{ padding: '0.6rem', fontSize: '1rem' }}>{busy ? 'Checking…' : 'Sign in'}</button>
      </form>
    </div>
  )
}

export function StudioApp({ projectId, dataset, apiHost }: StudioAppProps) {
  const [signedIn, setSignedIn] = useState<boolean | null>(apiHost ? null : true)
  useEffect(() => {
    if (!apiHost) return
    installOfflineFetchGuard(window)
    setSignedIn(hasStoredToken(projectId))
  }, [apiHost, projectId])
  const config = useMemo(() => createStudioConfig({ projectId, dataset, apiHost }), [projectId, dataset, apiHost])
  if (signedIn === null) return null
  if (!signedIn && apiHost) return <SignIn apiHost={apiHost} projectId={projectId} onSignedIn={() => setSignedIn(true)} />
  return (
    // The root layout gives the Studio a bare <body> (no site chrome or styles, ADR 0006): Sanity
    // UI's popovers, portalled to <body>, open above it as in hosted Studio.
    <NextStudio config={config} />
  )
}
