// Press-and-hold, outside React: a hold completes only after `durationMs` of continuous pressing;
// letting go, leaving or losing focus earlier cancels it. Time and frames are injected for tests.

export interface HoldOptions {
  readonly durationMs: number
  readonly now: () => number
  /** Schedules the next progress frame (requestAnimationFrame in the page). */
  readonly frame: (run: () => void) => void
  readonly onProgress: (fraction: number) => void
  readonly onComplete: () => void
}

export interface Hold {
  /** Starts a hold (ignored while one is running, e.g. key repeat). */
  press(): void
  /** Ends the hold early: nothing happens. */
  release(): void
  readonly holding: () => boolean
}

export function createHold(options: HoldOptions): Hold {
  let startedAt: number | null = null
  const tick = () => {
    if (startedAt === null) return
    const fraction = Math.min(1, (options.now() - startedAt) / options.durationMs)
    options.onProgress(fraction)
    if (fraction >= 1) {
      startedAt = null
      options.onComplete()
      return
    }
    options.frame(tick)
  }
  return {
    press() {
      if (startedAt !== null) return
      startedAt = options.now()
      options.onProgress(0)
      options.frame(tick)
    },
    release() {
      if (startedAt === null) return
      startedAt = null
      options.onProgress(0)
    },
    holding: () => startedAt !== null,
  }
}
