// The REST health the aggregator polls and hears about: tracker state plus limiter usage and breaker
// states in one description (HEALTH-1, HEALTH-5, RATE-7, CB-6), re-sent whenever the word or a breaker changes.

import type { BreakerHealth, RateBucketHealth } from '../../../shared/domain/health'
import type { Logger } from '../../ports/logger'
import type { CircuitBreaker } from './circuit-breaker'
import type { RateLimiter } from './rate-limiter'
import type { RestHealthSnapshot, RestHealthTracker } from './rest-health'

/** What the health aggregator polls (HEALTH-1, HEALTH-5, RATE-7, CB-6). */
export interface RestHealthDescription extends RestHealthSnapshot {
  readonly rateBuckets: readonly RateBucketHealth[]
  readonly breakers: readonly BreakerHealth[]
}

export interface RestHealthSources {
  readonly tracker: RestHealthTracker
  readonly limiter: RateLimiter
  readonly breakers: readonly CircuitBreaker[]
}

export class RestHealthFeed {
  private readonly listeners = new Set<(description: RestHealthDescription) => void>()
  private readonly unsubscribers: (() => void)[] = []

  constructor(
    private readonly sources: RestHealthSources,
    private readonly logger: Logger | undefined,
  ) {
    this.unsubscribers.push(sources.tracker.onChange(() => this.emit()))
    for (const breaker of sources.breakers) this.unsubscribers.push(breaker.onStateChange(() => this.emit()))
  }

  describe(): RestHealthDescription {
    return {
      ...this.sources.tracker.snapshot(),
      rateBuckets: this.sources.limiter.health(),
      breakers: this.sources.breakers.map((b) => b.health()),
    }
  }

  /** Returns an unsubscribe function. */
  onChange(listener: (description: RestHealthDescription) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Stops listening to the sources and forgets every listener. */
  dispose(): void {
    for (const off of this.unsubscribers.splice(0)) off()
    this.listeners.clear()
  }

  private emit(): void {
    const description = this.describe()
    for (const listener of this.listeners) {
      // One faulty listener must not keep the others (or the breaker that changed state) from running.
      try {
        listener(description)
      } catch (error) {
        this.logger?.error('rest health listener failed', { error: String(error) })
      }
    }
  }
}
