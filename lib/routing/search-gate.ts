/**
 * At most a few searches render at once in this process (ADR 0016). A search is the one reader
 * page rendered per request (every other page comes from the page cache), so a flood of them —
 * every query different — would take the CPU from everything else; past the limit the front door
 * answers the plain 503 "busy" page (Retry-After) at once, before Next or the content service.
 */

/** Searches rendering at once in one site process. */
export const SEARCH_MAX_IN_FLIGHT = 4

export type Gate = {
  /** A place, with the function that gives it back (once), or null when every place is taken. */
  tryEnter(): (() => void) | null
  readonly inFlight: number
}

export function createGate(max: number): Gate {
  let inFlight = 0
  return {
    tryEnter() {
      if (inFlight >= max) return null
      inFlight += 1
      let released = false
      return () => {
        if (released) return
        released = true
        inFlight -= 1
      }
    },
    get inFlight() {
      return inFlight
    },
  }
}

const GATE = Symbol.for('newsroom.searchGate')

/** The process-wide search gate. */
export function searchGate(): Gate {
  const registry = globalThis as { [GATE]?: Gate }
  registry[GATE] ??= createGate(SEARCH_MAX_IN_FLIGHT)
  return registry[GATE]
}
