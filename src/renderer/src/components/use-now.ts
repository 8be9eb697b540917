// One shared one-second clock for countdowns, so every countdown ticks together and only the
// components that show time re-render each second.
import { useSyncExternalStore } from 'react'

const listeners = new Set<() => void>()
let now = Date.now()
let timer: ReturnType<typeof setInterval> | null = null

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  if (timer === null) {
    timer = setInterval(() => {
      now = Date.now()
      for (const l of listeners) l()
    }, 1000)
  }
  return () => {
    listeners.delete(listener)
    if (listeners.size === 0 && timer !== null) {
      clearInterval(timer)
      timer = null
    }
  }
}

/** epoch ms, updated once a second while some component listens. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, () => now, () => now)
}
