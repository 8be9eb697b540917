// Clock-driven waits of a refresh cycle: the back-off sleep that can be cut short, and the TOK-10 cap on
// how long a caller of refresh() waits for the cycle.

import type { Clock } from '../../ports/clock'
import { AuthUnavailableError, CycleCancelledError } from './errors'

/**
 * A clock wait that `onResume()` / urgent callers can cut short and sign-out cancels. One wait is pending at
 * a time (the single-flight cycle's); `interrupt()` ends it early, e.g. TOK-13: after a suspend the back-off
 * timer may be hours late, and an urgent (401) caller must not sit through the TOK-6 ladder.
 */
export class InterruptibleWait {
  private finishPending: (() => void) | null = null

  constructor(private readonly clock: Clock) {}

  /**
   * Resolves after `ms` or at `interrupt()`, whichever is first. Rejects with CycleCancelledError when
   * `isCancelled()` says so at that moment, so a superseded cycle stops instead of carrying on.
   */
  wait(ms: number, isCancelled: () => boolean): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const handle = this.clock.setTimeout(() => finish(), ms)
      const finish = (): void => {
        this.clock.clearTimeout(handle)
        if (this.finishPending === finish) this.finishPending = null
        if (isCancelled()) reject(new CycleCancelledError())
        else resolve()
      }
      this.finishPending = finish
    })
  }

  /** Ends the pending wait now; a no-op when nothing is waiting. */
  interrupt(): void {
    this.finishPending?.()
  }
}

/**
 * TOK-10: a caller whose token is dead waits for `cycle` at most `capMs`, then fails with AUTH_UNAVAILABLE
 * (the cycle itself keeps running). Every failure reaches the caller as AuthUnavailableError.
 */
export function capRefreshWait(clock: Clock, cycle: Promise<string>, capMs: number): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const timer = clock.setTimeout(
      () => reject(new AuthUnavailableError('refresh did not finish in time')),
      capMs,
    )
    cycle.then(
      (token) => {
        clock.clearTimeout(timer)
        resolve(token)
      },
      (error: unknown) => {
        clock.clearTimeout(timer)
        reject(error instanceof AuthUnavailableError ? error : new AuthUnavailableError('refresh failed'))
      },
    )
  })
}
