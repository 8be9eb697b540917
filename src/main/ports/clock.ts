// Time as a port: the risk core and every timer-driven service take a Clock so tests control time.

export type TimerHandle = { readonly __timer: unique symbol } | ReturnType<typeof setTimeout>

export interface Clock {
  /** Epoch milliseconds. */
  now(): number
  setTimeout(fn: () => void, ms: number): TimerHandle
  clearTimeout(handle: TimerHandle): void
}

/** The wall clock; reads the timer globals at call time so vitest fake timers also drive it. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
}
