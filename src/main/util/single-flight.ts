// TOK-3 single flight: at most one refresh cycle is tracked at a time, and every caller meanwhile joins it.

export class SingleFlight<T> {
  private running: Promise<T> | null = null

  /** The flight in progress, or null when none is. */
  get current(): Promise<T> | null {
    return this.running
  }

  /** Makes `run` the current flight until it settles; a newer flight is never cleared by an older one ending. */
  track(run: Promise<T>): Promise<T> {
    const tracked = run.finally(() => {
      if (this.running === tracked) this.running = null
    })
    this.running = tracked
    // Listeners-only callers never await; keep an unhandled rejection from escaping.
    tracked.catch(() => undefined)
    return tracked
  }

  /** Stops tracking without waiting (sign-out): the abandoned flight settles on its own. */
  forget(): void {
    this.running = null
  }
}
