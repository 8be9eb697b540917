// Clock timers owned by one component, cancellable together so stop() leaves nothing behind (HEALTH-6).

import type { Clock, TimerHandle } from '../ports/clock'

/** A set of clock timers plus cancellable sleeps; `clear()` cancels all of them. */
export class TimerGroup {
  private readonly timers = new Set<TimerHandle>()
  private readonly sleepers = new Set<() => void>()

  constructor(private readonly clock: Clock) {}

  /** Number of timers still pending (leak checks). */
  get size(): number {
    return this.timers.size
  }

  /** Schedules `fn`; the handle is forgotten once it fired or was cancelled. */
  set(fn: () => void, ms: number): TimerHandle {
    const handle = this.clock.setTimeout(() => {
      this.timers.delete(handle)
      fn()
    }, ms)
    this.timers.add(handle)
    return handle
  }

  cancel(handle: TimerHandle | null): void {
    if (handle === null) return
    if (this.timers.delete(handle)) this.clock.clearTimeout(handle)
  }

  /** Resolves true after `ms`, or false at once when the group is cleared. */
  sleep(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const wake = (): void => {
        this.sleepers.delete(wake)
        this.cancel(handle)
        resolve(false)
      }
      const handle = this.set(() => {
        this.sleepers.delete(wake)
        resolve(true)
      }, ms)
      this.sleepers.add(wake)
    })
  }

  /** Cancels every timer and wakes every sleeper with `false`. */
  clear(): void {
    for (const wake of [...this.sleepers]) wake()
    for (const h of this.timers) this.clock.clearTimeout(h)
    this.timers.clear()
  }
}
