// Per-key async mutex (CONC-1): writes for one account run one at a time, different accounts in parallel.

import { AsyncLocalStorage } from 'node:async_hooks'

/**
 * FIFO async lock per key. Node is single-threaded, so a promise chain per key is the whole lock.
 * Re-entrant per async call chain: code already running under `run(key)` (the kill switch calling
 * OrderIntents, which locks too) passes straight through instead of waiting on itself.
 */
export class KeyedMutex<K = number | string> {
  private readonly tails = new Map<K, Promise<void>>()
  private readonly holders = new Map<K, number>()
  private readonly held = new AsyncLocalStorage<ReadonlySet<K>>()

  /** Runs `fn` once every earlier holder of `key` has finished; the lock is released even if it throws. */
  async run<T>(key: K, fn: () => Promise<T>): Promise<T> {
    const mine = this.held.getStore()
    if (mine?.has(key) === true && this.holders.has(key)) return fn()
    const previous = this.tails.get(key) ?? Promise.resolve()
    let release: () => void = () => undefined
    const current = new Promise<void>((resolve) => {
      release = resolve
    })
    const tail = previous.then(() => current)
    this.tails.set(key, tail)
    this.holders.set(key, (this.holders.get(key) ?? 0) + 1)
    try {
      await previous
      return await this.held.run(new Set([...(mine ?? []), key]), fn)
    } finally {
      release()
      const left = (this.holders.get(key) ?? 1) - 1
      if (left === 0) this.holders.delete(key)
      else this.holders.set(key, left)
      if (this.tails.get(key) === tail) this.tails.delete(key)
    }
  }

  /** Runs `fn` only if nobody holds or waits for `key`; otherwise resolves `{ busy: true }` without running it. */
  async tryRun<T>(key: K, fn: () => Promise<T>): Promise<{ busy: false; value: T } | { busy: true }> {
    if (this.isLocked(key)) return { busy: true }
    return { busy: false, value: await this.run(key, fn) }
  }

  /** True while a holder runs or waits for `key`. */
  isLocked(key: K): boolean {
    return this.holders.has(key)
  }
}
