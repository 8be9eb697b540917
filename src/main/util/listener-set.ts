// Subscribers of one event with unsubscribe handles; used for the token manager's swap, state and SESS-3 events.

export class ListenerSet<Args extends unknown[]> {
  private readonly listeners = new Set<(...args: Args) => void>()

  /** Returns the unsubscribe function. */
  add(listener: (...args: Args) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Calls a snapshot, so a listener may unsubscribe while being called. A throwing listener throws here. */
  emit(...args: Args): void {
    for (const listener of [...this.listeners]) listener(...args)
  }

  /** Like `emit`, but a throwing listener goes to `onError` and the others still run (e.g. one hub's rebuild). */
  emitIsolated(onError: (error: unknown) => void, ...args: Args): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(...args)
      } catch (error) {
        onError(error)
      }
    }
  }
}
