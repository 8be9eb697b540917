// Fault switches: the mutable state the control API flips and the REST/hub layers consult.
import type { Prng } from './util/prng'

/** What a REST fault does to a matching request. */
export type RestFaultKind = 429 | 500 | 503 | 'timeout' | 'lostAfterCommit' | 'lostBeforeCommit'

/** Fail the next `count` matching requests, or a `fraction` of them, optionally only on paths containing `path`. */
export interface RestFaultRule {
  kind: RestFaultKind
  /** Number of requests to hit; omitted = unlimited (until cleared). */
  count?: number
  /** Probability (seeded) that a matching request is hit; default 1. */
  fraction?: number
  /** Substring of the request path (e.g. '/api/Order/place'); omitted = every path. */
  path?: string
}

/** Added latency before handling, optionally per path substring. */
export interface LatencyRule {
  ms: number
  path?: string
}

/** How hub sockets are dropped. */
export type DropMode = 'reset' | 'close' | 'error1011'

/** Which hub a switch applies to. */
export type HubName = 'user' | 'market'

/** All fault state; plain data so that resetting is trivial. */
export class FaultState {
  restRules: Array<RestFaultRule & { id: number; hits: number }> = []
  latency: LatencyRule[] = []
  loginFail: { errorCode: number; remaining: number } | null = null
  validateFail: { mode: 500 | 503 | 'envelope'; errorCode: number; remaining: number } | null = null
  hubRefusal: { untilMs: number; status: number; hub?: HubName } | null = null
  stalled: Record<HubName, boolean> = { user: false, market: false }
  quotesStopped = false
  subscribeIgnoreUntilMs: Record<HubName, number> = { user: 0, market: 0 }
  subscribeErrors: Record<HubName, number> = { user: 0, market: 0 }
  userEvents: { duplicate: number; reorder: number; delayMs: number } = { duplicate: 0, reorder: 0, delayMs: 0 }
  private nextRuleId = 1

  constructor(private readonly rng: Prng) {}

  addRestRule(rule: RestFaultRule): number {
    const id = this.nextRuleId++
    this.restRules.push({ ...rule, id, hits: 0 })
    return id
  }

  /** The rule that hits this request, if any (consumes one count). */
  matchRest(path: string): RestFaultKind | null {
    for (const r of this.restRules) {
      if (r.path && !path.includes(r.path)) continue
      if (r.count !== undefined && r.hits >= r.count) continue
      if (r.fraction !== undefined && r.fraction < 1 && this.rng.next() >= r.fraction) continue
      r.hits += 1
      return r.kind
    }
    return null
  }

  latencyFor(path: string): number {
    let ms = 0
    for (const l of this.latency) if (!l.path || path.includes(l.path)) ms = Math.max(ms, l.ms)
    return ms
  }

  /** Real-time refusal window for hub upgrades (wall clock, since it must end while the test waits). */
  hubRefused(hub: HubName): number | null {
    const r = this.hubRefusal
    if (!r || Date.now() >= r.untilMs) return null
    if (r.hub && r.hub !== hub) return null
    return r.status
  }

  reset(): void {
    this.restRules = []
    this.latency = []
    this.loginFail = null
    this.validateFail = null
    this.hubRefusal = null
    this.stalled = { user: false, market: false }
    this.quotesStopped = false
    this.subscribeIgnoreUntilMs = { user: 0, market: 0 }
    this.subscribeErrors = { user: 0, market: 0 }
    this.userEvents = { duplicate: 0, reorder: 0, delayMs: 0 }
  }
}
