// Sliding-window request budgets per token (spec §7: 200/60 s general, 50/30 s for bars).

/** One budget: at most `limit` requests in any `windowMs`. */
export interface RateBudget {
  limit: number
  windowMs: number
}

/** Limiter groups: retrieveBars has its own, tighter budget. */
export type RateGroup = 'general' | 'bars'

/** Counts requests per (group, key) in a sliding window of virtual time. */
export class SlidingRateLimiter {
  private readonly hits = new Map<string, number[]>()

  constructor(
    public budgets: Record<RateGroup, RateBudget>,
    private readonly now: () => number,
  ) {}

  /** Records the attempt and says whether it fits; refused attempts do not consume budget. */
  take(group: RateGroup, key: string): boolean {
    const budget = this.budgets[group]
    const now = this.now()
    const id = `${group}|${key}`
    const list = (this.hits.get(id) ?? []).filter((t) => t > now - budget.windowMs)
    if (list.length >= budget.limit) {
      this.hits.set(id, list)
      return false
    }
    list.push(now)
    this.hits.set(id, list)
    return true
  }

  reset(): void {
    this.hits.clear()
  }
}
