'use client'
/**
 * The Studio page's client side. With the embedded lake, Studio signs editors in the way hosted
 * Sanity's cookie login does: a signed-out editor is sent to the lake's own sign-in page, pastes
 * their token there once, and comes back with an HttpOnly session cookie for the lake's host; this
 * page never holds a token (ADR 0012). The lake is addressed on this page's host name so the cookie
 * applies. With a real project it is the ordinary Studio.
 */

import { NextStudio } from 'next-sanity/studio/client-component'
import { useEffect, useMemo, useState } from 'react'
import { createStudioConfig } from './config'
import { forgetStoredToken, lakeApiHostFor, signInUrlFor } from './lake-session'
import { installOfflineFetchGuard } from './offline-hosts'

export interface StudioAppProps {
  projectId: string
  dataset: string
  /** The lake's API host as configured (`http://localhost:$LAKE_PORT`); unset with a real Sanity project. */
  apiHost?: string
}

interface LakeHosts {
  apiHost: string
  listenPorts: number[]
}

/** The lake on this page's host name, and its extra listen ports (none when it cannot say). */
async function findLake(configured: string): Promise<LakeHosts> {
  const apiHost = lakeApiHostFor(configured, window.location)
  try {
    const response = await fetch(`${apiHost}/studio/listen-ports`, { credentials: 'omit' })
    const body = (await response.json()) as { ports?: unknown }
    const ports = Array.isArray(body.ports) ? body.ports.filter((port): port is number => Number.isInteger(port)) : []
    return { apiHost, listenPorts: ports }
  } catch {
    return { apiHost, listenPorts: [] }
  }
}

function sendToSignIn(apiHost: string) {
  window.location.assign(signInUrlFor(apiHost, window.location.href))
}

export function StudioApp({ projectId, dataset, apiHost }: StudioAppProps) {
  const [lake, setLake] = useState<LakeHosts | null>(null)
  useEffect(() => {
    if (!apiHost) return
    installOfflineFetchGuard(window)
    forgetStoredToken(window.localStorage, projectId)
    let live = true
    void findLake(apiHost).then((found) => live && setLake(found))
    return () => {
      live = false
    }
  }, [apiHost, projectId])
  const config = useMemo(
    () =>
      apiHost
        ? lake && createStudioConfig({ projectId, dataset, apiHost: lake.apiHost, listenPorts: lake.listenPorts, onSessionEnded: () => sendToSignIn(lake.apiHost) })
        : createStudioConfig({ projectId, dataset }),
    [projectId, dataset, apiHost, lake],
  )
  if (!config) return null
  // The root layout gives the Studio a bare <body> (no site chrome or styles, ADR 0006): Sanity
  // UI's popovers, portalled to <body>, open above it as in hosted Studio.
  return <NextStudio config={config} />
}
