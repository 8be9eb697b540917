// Client-side sliding-window rate limiter with a priority queue and a reserved enforcement lane
// (RATE-1..7). The gateway publishes no quota headers, so we count every request ourselves.

import type { RateBucketHealth } from '../../../shared/domain/health'
import type { Clock, TimerHandle } from '../../ports/clock'
import type { Logger } from '../../ports/logger'
import type { MetaRepository } from '../../ports/repositories'
import type { RateBucketName } from './endpoint-table'

export {
  DEFAULT_RATE_BUCKETS,
  RESERVED_LANE_PRIORITY,
  RateLimitError,
  defaultMaxWaitMs,
  type RateBucketConfig,
  type RateLimitErrorCode,
  type RateLimiterOptions,
  type RateTicket,
} from './rate-limit-config'
import { DEFAULT_RATE_BUCKETS, RESERVED_LANE_PRIORITY, RateLimitError, defaultMaxWaitMs, type RateBucketConfig, type RateLimiterOptions, type RateTicket } from './rate-limit-config'

interface Waiter {
  readonly seq: number
  readonly priority: number
  readonly deadline: number | null
  readonly resolve: (ticket: RateTicket) => void
  readonly reject: (error: Error) => void
  readonly signal: AbortSignal | undefined
  onAbort: (() => void) | null
}

interface Bucket {
  readonly name: RateBucketName
  readonly config: RateBucketConfig
  /** Send times, ascending; only those inside the window are kept. */
  sent: number[]
  frozenUntil: number
  /** Max-priority first, FIFO on ties (RATE-3). */
  readonly queue: Waiter[]
}

interface PersistedState {
  readonly v: 1
  readonly savedAt: number
  readonly buckets: Partial<Record<RateBucketName, { sent: number[]; frozenUntil: number }>>
}

export class RateLimiter {
  private readonly clock: Clock
  private readonly logger: Logger | undefined
  private readonly buckets: Record<RateBucketName, Bucket>
  private readonly softCapRatio: number
  private readonly maxQueueSize: number
  private readonly maxWaitMs: (priority: number) => number | null
  private readonly meta: MetaRepository | undefined
  private readonly metaKey: string
  private readonly persistIntervalMs: number
  private seq = 0
  private wakeTimer: TimerHandle | null = null
  private wakeAt: number | null = null
  private persistTimer: TimerHandle | null = null
  private lastSavedAt = Number.NEGATIVE_INFINITY
  private dirty = false

  constructor(options: RateLimiterOptions) {
    this.clock = options.clock
    this.logger = options.logger
    this.softCapRatio = options.softCapRatio ?? 0.9
    this.maxQueueSize = options.maxQueueSize ?? 1000
    this.maxWaitMs = options.maxWaitMs ?? defaultMaxWaitMs
    this.meta = options.meta
    this.metaKey = options.metaKey ?? 'rest.rateLimiter'
    this.persistIntervalMs = options.persistIntervalMs ?? 5000
    const make = (name: RateBucketName): Bucket => ({
      name,
      config: options.buckets?.[name] ?? DEFAULT_RATE_BUCKETS[name],
      sent: [],
      frozenUntil: 0,
      queue: [],
    })
    this.buckets = { general: make('general'), bars: make('bars') }
    this.load()
  }

  /**
   * Waits for a slot in `bucket` and records the send. Rejects with RATE_LIMIT_002 when the queue is
   * full (priority < 9 only) and RATE_LIMIT_003 when the priority's max wait passes.
   */
  acquire(bucketName: RateBucketName, priority: number, signal?: AbortSignal): Promise<RateTicket> {
    const bucket = this.buckets[bucketName]
    if (signal?.aborted) return Promise.reject(new RateLimitError('ABORTED', bucketName, priority))
    const now = this.clock.now()
    this.prune(bucket, now)
    if (bucket.queue.length === 0 && this.canSend(bucket, priority, now))
      return Promise.resolve(this.take(bucket, now))
    if (priority < RESERVED_LANE_PRIORITY && this.queuedCount() >= this.maxQueueSize) {
      this.logger?.warn('rate limiter queue full', { bucket: bucketName, priority, code: 'RATE_LIMIT_002' })
      return Promise.reject(new RateLimitError('RATE_LIMIT_002', bucketName, priority))
    }
    return new Promise<RateTicket>((resolve, reject) => {
      const maxWait = priority >= RESERVED_LANE_PRIORITY ? null : this.maxWaitMs(priority)
      const waiter: Waiter = {
        seq: this.seq++,
        priority,
        deadline: maxWait === null ? null : now + maxWait,
        resolve,
        reject,
        signal,
        onAbort: null,
      }
      if (signal) {
        waiter.onAbort = () => {
          this.remove(bucket, waiter)
          reject(new RateLimitError('ABORTED', bucketName, priority))
          this.drain()
        }
        signal.addEventListener('abort', waiter.onAbort, { once: true })
      }
      const at = bucket.queue.findIndex((w) => w.priority < priority)
      if (at === -1) bucket.queue.push(waiter)
      else bucket.queue.splice(at, 0, waiter)
      this.drain()
    })
  }

  /**
   * A real 429 arrived: stop the bucket until its window ends, or for `retryAfterMs` when the server
   * said so (RATE-6). The caller re-queues its request with `acquire`.
   */
  freeze(bucketName: RateBucketName, retryAfterMs: number | null = null): void {
    const bucket = this.buckets[bucketName]
    const now = this.clock.now()
    this.prune(bucket, now)
    const oldest = bucket.sent[0] ?? now
    const until = retryAfterMs !== null ? now + retryAfterMs : oldest + bucket.config.windowMs
    bucket.frozenUntil = Math.max(bucket.frozenUntil, until)
    this.logger?.warn('rate limit hit (HTTP 429): bucket frozen', {
      bucket: bucketName,
      frozenForMs: bucket.frozenUntil - now,
      retryAfterMs,
      inWindow: bucket.sent.length,
    })
    this.markChanged()
    this.drain()
  }

  /** Per-bucket usage for the UI (RATE-7). `resetInMs` is the time until the next slot frees. */
  health(): RateBucketHealth[] {
    const now = this.clock.now()
    return (Object.values(this.buckets) as Bucket[]).map((b) => {
      this.prune(b, now)
      const frozen = b.frozenUntil > now
      const count = b.sent.length
      const nextFree = count > 0 ? (b.sent[0] ?? now) + b.config.windowMs - now : 0
      return {
        name: b.name,
        limit: b.config.limit,
        remaining: frozen ? 0 : Math.max(0, b.config.limit - count),
        resetInMs: Math.max(0, frozen ? b.frozenUntil - now : nextFree),
        percentUsed: frozen ? 100 : Math.min(100, Math.round((count / b.config.limit) * 1000) / 10),
      }
    })
  }

  /** Requests counted in the current window of a bucket. */
  inWindow(bucketName: RateBucketName): number {
    const bucket = this.buckets[bucketName]
    this.prune(bucket, this.clock.now())
    return bucket.sent.length
  }

  /** Requests waiting, in one bucket or all. */
  queuedCount(bucketName?: RateBucketName): number {
    if (bucketName) return this.buckets[bucketName].queue.length
    return this.buckets.general.queue.length + this.buckets.bars.queue.length
  }

  /** Saves the windows now (on quit, RATE-5). */
  flush(): void {
    if (this.persistTimer !== null) this.clock.clearTimeout(this.persistTimer)
    this.persistTimer = null
    this.save()
  }

  /** Saves, stops timers and rejects everything still queued. */
  dispose(): void {
    this.flush()
    if (this.wakeTimer !== null) this.clock.clearTimeout(this.wakeTimer)
    this.wakeTimer = null
    this.wakeAt = null
    for (const bucket of Object.values(this.buckets) as Bucket[]) {
      for (const w of bucket.queue.splice(0)) {
        this.detach(w)
        w.reject(new RateLimitError('DISPOSED', bucket.name, w.priority))
      }
    }
  }

  private cap(bucket: Bucket, priority: number): number {
    const { limit } = bucket.config
    return priority >= RESERVED_LANE_PRIORITY ? limit : Math.floor(limit * this.softCapRatio)
  }

  private canSend(bucket: Bucket, priority: number, now: number): boolean {
    return now >= bucket.frozenUntil && bucket.sent.length < this.cap(bucket, priority)
  }

  private take(bucket: Bucket, now: number): RateTicket {
    bucket.sent.push(now)
    this.markChanged()
    let stamp = now
    let released = false
    const unstamp = (): boolean => {
      const i = bucket.sent.lastIndexOf(stamp)
      if (i !== -1) bucket.sent.splice(i, 1)
      return i !== -1
    }
    return {
      bucket: bucket.name,
      at: now,
      release: () => {
        if (released) return
        released = true
        unstamp()
        this.markChanged()
        this.drain()
      },
      complete: () => {
        if (released) return
        const at = this.clock.now()
        // Already pruned means the window passed while the request was in flight; nothing to move.
        if (at === stamp || !unstamp()) return
        stamp = at
        const i = bucket.sent.findIndex((t) => t > at)
        if (i === -1) bucket.sent.push(at)
        else bucket.sent.splice(i, 0, at)
        this.markChanged()
        this.drain()
      },
    }
  }

  private prune(bucket: Bucket, now: number): void {
    const cutoff = now - bucket.config.windowMs
    let drop = 0
    while (drop < bucket.sent.length && (bucket.sent[drop] ?? 0) <= cutoff) drop++
    if (drop > 0) bucket.sent = bucket.sent.slice(drop)
  }

  private remove(bucket: Bucket, waiter: Waiter): void {
    const i = bucket.queue.indexOf(waiter)
    if (i !== -1) bucket.queue.splice(i, 1)
    this.detach(waiter)
  }

  private detach(waiter: Waiter): void {
    if (waiter.signal && waiter.onAbort) waiter.signal.removeEventListener('abort', waiter.onAbort)
    waiter.onAbort = null
  }

  /** Admits what fits, expires what waited too long, and sets the one wake-up timer. */
  private drain(): void {
    const now = this.clock.now()
    let wake: number | null = null
    const consider = (at: number | null): void => {
      if (at !== null && (wake === null || at < wake)) wake = at
    }
    for (const bucket of Object.values(this.buckets) as Bucket[]) {
      this.prune(bucket, now)
      for (;;) {
        const head = bucket.queue[0]
        if (!head || !this.canSend(bucket, head.priority, now)) break
        bucket.queue.shift()
        this.detach(head)
        head.resolve(this.take(bucket, now))
      }
      for (const w of [...bucket.queue]) {
        if (w.deadline !== null && w.deadline <= now) {
          this.remove(bucket, w)
          this.logger?.warn('rate limiter wait expired', {
            bucket: bucket.name,
            priority: w.priority,
            code: 'RATE_LIMIT_003',
          })
          w.reject(new RateLimitError('RATE_LIMIT_003', bucket.name, w.priority))
        } else consider(w.deadline)
      }
      const head = bucket.queue[0]
      if (head) {
        if (bucket.frozenUntil > now) consider(bucket.frozenUntil)
        else {
          // Slot frees when enough old sends leave the window to drop below the head's cap.
          const excess = bucket.sent.length - this.cap(bucket, head.priority)
          consider((bucket.sent[Math.max(0, excess)] ?? now) + bucket.config.windowMs)
        }
      }
    }
    this.schedule(wake)
  }

  private schedule(at: number | null): void {
    if (at === this.wakeAt) return
    if (this.wakeTimer !== null) this.clock.clearTimeout(this.wakeTimer)
    this.wakeTimer = null
    this.wakeAt = at
    if (at === null) return
    this.wakeTimer = this.clock.setTimeout(
      () => {
        this.wakeTimer = null
        this.wakeAt = null
        this.drain()
      },
      Math.max(0, at - this.clock.now()),
    )
  }

  private markChanged(): void {
    if (!this.meta) return
    this.dirty = true
    if (this.persistTimer !== null) return
    const due = this.lastSavedAt + this.persistIntervalMs - this.clock.now()
    if (due <= 0) {
      this.save()
      return
    }
    this.persistTimer = this.clock.setTimeout(() => {
      this.persistTimer = null
      this.save()
    }, due)
  }

  private save(): void {
    if (!this.meta || !this.dirty) return
    const now = this.clock.now()
    const buckets: PersistedState['buckets'] = {}
    for (const b of Object.values(this.buckets) as Bucket[]) {
      this.prune(b, now)
      buckets[b.name] = { sent: [...b.sent], frozenUntil: b.frozenUntil }
    }
    try {
      this.meta.set<PersistedState>(this.metaKey, { v: 1, savedAt: now, buckets })
      this.dirty = false
      this.lastSavedAt = now
    } catch (error) {
      // Losing the saved window only risks a 429 after restart; keep running.
      this.logger?.warn('rate limiter state not saved', { error: String(error) })
    }
  }

  private load(): void {
    if (!this.meta) return
    let state: PersistedState | null = null
    try {
      state = this.meta.get<PersistedState>(this.metaKey)
    } catch (error) {
      this.logger?.warn('rate limiter state unreadable', { error: String(error) })
    }
    if (!state || state.v !== 1) return
    const now = this.clock.now()
    for (const b of Object.values(this.buckets) as Bucket[]) {
      const saved = state.buckets[b.name]
      if (!saved || !Array.isArray(saved.sent)) continue
      // A send stamped in the future means the clock went back: count it as "now" so it still
      // occupies a full window rather than vanishing (tolerates clock skew).
      b.sent = saved.sent
        .filter((t): t is number => typeof t === 'number' && Number.isFinite(t))
        .map((t) => Math.min(t, now))
        .sort((x, y) => x - y)
      this.prune(b, now)
      const frozen = typeof saved.frozenUntil === 'number' ? saved.frozenUntil : 0
      b.frozenUntil = Math.min(frozen, now + b.config.windowMs)
    }
  }
}
