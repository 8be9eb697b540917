// The simulator's state in one place: clock, tokens, market, books, faults, limits and logs.
import type { PxAccount } from '../shared/projectx'
import { TokenAuthority } from './auth'
import { DEFAULT_BEHAVIOUR, type SimBehaviour } from './behaviour'
import { ContractCatalog } from './contracts'
import { FaultState, type HubName } from './faults'
import { Ledger, type AccountSeed, type UserEvent } from './ledger'
import { Market, type MarketUpdate } from './market'
import { PlatformRuleEngine } from './platform-rules'
import { SlidingRateLimiter, type RateBudget } from './rate-limit'
import { Trading } from './trading'
import type { RestFieldMode } from './rest/fields'
import { Prng } from './util/prng'
import { VirtualScheduler } from './util/scheduler'
import { VirtualClock, dotNetTimestamp } from './util/time'

/** One REST request as the simulator saw it. */
export interface RequestLogEntry {
  seq: number
  method: string
  path: string
  /** HTTP status sent; 0 when no response was sent (hang or connection reset). */
  status: number
  /** Bearer token presented (null when none). */
  token: string | null
  /** Virtual time at arrival. */
  timeMs: number
  /** 'reset' = connection reset by a fault, 'hang' = never answered. */
  outcome: 'answered' | 'reset' | 'hang'
}

/** One hub connection attempt (negotiate and WebSocket upgrade). */
export interface HubLogEntry {
  seq: number
  hub: HubName
  phase: 'negotiate' | 'connect'
  token: string | null
  /** Where the token came from; 'both' when the header and the query both carried one. */
  via: 'header' | 'query' | 'both' | 'none'
  accepted: boolean
  /** HTTP status of a refusal (101 when upgraded, 200 for a negotiate). */
  status: number
  timeMs: number
  connectionId: string | null
}

/** Construction parameters for the core (resolved options). */
export interface CoreConfig {
  seed: number
  tokenTtlMs: number
  startTimeMs: number
  userName: string
  apiKey: string
  accounts: AccountSeed[]
  general: RateBudget
  bars: RateBudget
  behaviour?: Partial<SimBehaviour>
  /** Per-side exchange fee per contract, keyed by product root (`EP`), CME symbol (`ES`) or contract id. */
  fees?: Record<string, number>
}

/** Everything stateful except sockets. The hub layer subscribes through `onUserEvent`/`onMarket`. */
export class SimCore {
  readonly clock: VirtualClock
  readonly auth: TokenAuthority
  readonly catalog = new ContractCatalog()
  readonly market: Market
  readonly ledger: Ledger
  readonly trading: Trading
  readonly faults: FaultState
  readonly limiter: SlidingRateLimiter
  /** Prop-firm platform rules per account (off unless switched on). */
  readonly platform: PlatformRuleEngine
  readonly requestLog: RequestLogEntry[] = []
  readonly hubLog: HubLogEntry[] = []
  readonly rng: Prng
  readonly behaviour: SimBehaviour
  /** Timers on the virtual clock (account echo, pending cancels, price paths, deterministic ticks). */
  readonly scheduler: VirtualScheduler
  private stampSeq = 0
  /** Which fields REST replies (and the control API's reads) carry; see rest/fields.ts. */
  restFields: RestFieldMode = 'full'
  /** Human-readable activity log (console in the CLI; silent when quiet). */
  log: (line: string) => void = () => undefined
  private userListeners: Array<(ev: UserEvent) => void> = []
  private marketListeners: Array<(u: MarketUpdate) => void> = []
  private logoutListeners: Array<() => void> = []

  constructor(readonly config: CoreConfig) {
    this.rng = new Prng(config.seed)
    this.clock = new VirtualClock(config.startTimeMs)
    this.behaviour = { ...DEFAULT_BEHAVIOUR, ...config.behaviour }
    this.scheduler = new VirtualScheduler(this.clock)
    for (const [product, fee] of Object.entries(config.fees ?? {})) this.catalog.setFee(product, fee)
    const now = (): number => this.clock.now()
    const stamp = (): string => this.stamp()
    this.auth = new TokenAuthority(now, config.tokenTtlMs, config.userName)
    this.market = new Market(this.catalog, config.seed, now, stamp)
    this.ledger = new Ledger(config.accounts, this.catalog, now, stamp, (ev) => this.userListeners.forEach((l) => l(ev)), {
      behaviour: this.behaviour,
      later: (ms, fn) => this.scheduler.after(ms, fn),
    })
    this.trading = new Trading(this.ledger, this.market, this.behaviour, this.scheduler)
    this.faults = new FaultState(this.rng.fork(3))
    this.limiter = new SlidingRateLimiter({ general: config.general, bars: config.bars }, now)
    this.platform = new PlatformRuleEngine(this.ledger, this.market, this.trading, now, (line) => this.log(line))
    // A fill moves the balance: re-check the loss limit once the command that caused it has finished,
    // so a liquidation never runs inside another order's matching pass.
    let queued = false
    this.onUserEvent((ev) => {
      if (ev.kind !== 'account' || queued || !this.platform.active) return
      queued = true
      queueMicrotask(() => {
        queued = false
        this.platform.evaluate()
      })
    })
  }

  /** Time moved (clock jump or timer): let time-driven rules act. */
  onTime(): void {
    this.platform.evaluate()
  }

  /** Timestamps on the virtual clock; the 4 sub-millisecond digits are a counter, so they are unique and deterministic. */
  stamp(): string {
    this.stampSeq = (this.stampSeq + 1) % 10000
    return dotNetTimestamp(this.clock.now(), this.stampSeq)
  }

  onUserEvent(l: (ev: UserEvent) => void): void {
    this.userListeners.push(l)
  }
  onMarket(l: (u: MarketUpdate) => void): void {
    this.marketListeners.push(l)
  }
  onLogout(l: () => void): void {
    this.logoutListeners.push(l)
  }
  emitLogout(): void {
    this.logoutListeners.forEach((l) => l())
  }

  /** Apply a market change: broadcast it, then let resting orders react (quote before the fills it causes). */
  publish(update: MarketUpdate | undefined): void {
    if (!update) return
    this.marketListeners.forEach((l) => l(update))
    this.trading.onQuote(update.contractId)
    this.platform.evaluate() // open P&L moved
  }

  /**
   * Open or close the session (the manual override of the calendar). Closing expires the working day
   * orders (status 4), as the gateway does at the session end.
   */
  setSession(open: boolean | null): void {
    const wasOpen = this.market.sessionOpen
    this.market.sessionOverride = open
    if (wasOpen && !this.market.sessionOpen && this.behaviour.expireAtSessionEnd) this.trading.expireDayOrders()
  }

  accountModels(): PxAccount[] {
    return this.ledger.accounts.map((a) => ({ ...a.model }))
  }
}
