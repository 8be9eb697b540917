// SESS-3 bookkeeping: which reported session invalidations are real, and when a repeat has to end the
// session instead of spending another automatic re-login.

/** SESS-3 notice: the gateway ended our session; `recovered` says whether the one re-login worked. */
export interface InvalidationEvent {
  readonly source: string
  readonly recovered: boolean
}

export class InvalidationPolicy {
  private lastSwapAt = Number.NEGATIVE_INFINITY
  private lastReloginAt = Number.NEGATIVE_INFINITY

  constructor(
    private readonly recentSwapMs: number,
    private readonly windowMs: number,
  ) {}

  tokenSwapped(now: number): void {
    this.lastSwapAt = now
  }

  /** The hub being replaced after a swap may close with an auth error; that concerns the old token only. */
  isEchoOfSwap(source: string, now: number): boolean {
    return source === 'hub-auth-close' && now - this.lastSwapAt < this.recentSwapMs
  }

  /** True when the one automatic re-login was already spent inside the window (no ping-pong with the gateway). */
  isRepeat(now: number): boolean {
    return now - this.lastReloginAt < this.windowMs
  }

  /** Opens the window in which a further invalidation ends the session. */
  reloginStarted(now: number): void {
    this.lastReloginAt = now
  }
}
