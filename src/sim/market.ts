// The simulated market: one quote per contract, a seeded random walk, scripted price paths, prints and depth.
import type { PxDepth, PxMarketTrade, PxQuote } from '../shared/projectx'
import type { ContractCatalog } from './contracts'
import type { TradingCalendar } from './calendar'
import { roundToTick, type SimContract } from './contracts'
import { Prng } from './util/prng'

/** The live top of book of one contract plus session statistics. */
export interface SimQuote {
  contractId: string
  bid: number
  ask: number
  last: number
  open: number
  high: number
  low: number
  prevClose: number
  volume: number
  updatedMs: number
}

/** One scripted step: a bare number means last = bid = n, ask = n + one tick. */
export type PricePoint = number | { bid: number; ask: number; last?: number }

/** What one market change produced, handed to the hub and the matching engine. */
export interface MarketUpdate {
  contractId: string
  quote: PxQuote
  prints: PxMarketTrade[]
  depth: PxDepth[]
}

/** Owns prices. Deterministic: all moves come from the seeded PRNG, all times from `now`. */
export class Market {
  private readonly quotes = new Map<string, SimQuote>()
  private readonly paths = new Map<string, PricePoint[]>()
  private readonly versions = new Map<string, number>()
  private readonly rng: Prng
  /** Frozen: random-walk steps do nothing (scripted and explicit quotes still apply). */
  frozen = false
  /** Manual session switch (control setSession); null follows the calendar. */
  sessionOverride: boolean | null = null
  /** The trading calendar; null = always open (the default, so runs do not depend on the weekday). */
  calendar: TradingCalendar | null = null

  /** Whether `contractId`'s market is open now: the manual override, else the calendar, else open. */
  isOpen(contractId: string): boolean {
    if (this.sessionOverride !== null) return this.sessionOverride
    const root = this.catalog.get(contractId)?.product.root
    return !this.calendar || root === undefined || this.calendar.isOpen(this.now(), root)
  }

  /** The session state for callers without a contract: the override, else the index-futures calendar. */
  get sessionOpen(): boolean {
    return this.sessionOverride ?? (!this.calendar || this.calendar.isOpen(this.now(), 'EP'))
  }
  set sessionOpen(open: boolean) {
    this.sessionOverride = open
  }

  constructor(
    private readonly catalog: ContractCatalog,
    seed: number,
    private readonly now: () => number,
    private readonly stamp: () => string,
  ) {
    this.rng = new Prng(seed).fork(7)
    for (const c of catalog.all()) {
      const p = c.product.startPrice
      const q: SimQuote = { contractId: c.model.id, bid: p, ask: roundToTick(p + c.product.tickSize, c.product.tickSize), last: p, open: p, high: p, low: p, prevClose: p, volume: 0, updatedMs: now() }
      this.quotes.set(c.model.id, q)
    }
  }

  quote(contractId: string): SimQuote | undefined {
    const q = this.quotes.get(contractId)
    return q ? { ...q } : undefined
  }

  /** Explicit quote from the control API; missing fields keep their value. Crossed quotes are allowed on purpose. */
  setQuote(contractId: string, next: { bid?: number; ask?: number; last?: number }): MarketUpdate | undefined {
    const q = this.quotes.get(contractId)
    if (!q) return undefined
    if (next.bid !== undefined) q.bid = next.bid
    if (next.ask !== undefined) q.ask = next.ask
    q.last = next.last ?? (next.bid !== undefined ? next.bid : q.last)
    return this.finish(q, 1)
  }

  /** One frame at `price` (last = bid, ask one tick above), however far away: a gap or a timed path point. */
  jumpTo(contractId: string, price: number): MarketUpdate | undefined {
    const q = this.quotes.get(contractId)
    const c = this.catalog.get(contractId)
    if (!q || !c) return undefined
    const tick = c.product.tickSize
    q.bid = roundToTick(price, tick)
    q.ask = roundToTick(price + tick, tick)
    q.last = q.bid
    return this.finish(q, 1)
  }

  /** Queue an exact price path; each subsequent step consumes one point. */
  script(contractId: string, path: PricePoint[]): boolean {
    if (!this.quotes.has(contractId)) return false
    this.paths.set(contractId, [...(this.paths.get(contractId) ?? []), ...path])
    return true
  }

  hasScript(contractId: string): boolean {
    return (this.paths.get(contractId)?.length ?? 0) > 0
  }

  /** One tick of one contract: the next scripted point, else a random walk of −1/0/+1 tick. */
  step(contractId: string): MarketUpdate | undefined {
    const q = this.quotes.get(contractId)
    const c = this.catalog.get(contractId)
    if (!q || !c || !this.isOpen(contractId)) return undefined
    const tick = c.product.tickSize
    const point = this.paths.get(contractId)?.shift()
    if (point !== undefined) {
      if (typeof point === 'number') {
        q.bid = point
        q.ask = roundToTick(point + tick, tick)
        q.last = point
      } else {
        q.bid = point.bid
        q.ask = point.ask
        q.last = point.last ?? point.bid
      }
      return this.finish(q, 1 + this.rng.int(0, 4))
    }
    if (this.frozen) return undefined
    const move = this.rng.int(-1, 1)
    q.bid = roundToTick(q.bid + move * tick, tick)
    q.ask = roundToTick(q.bid + tick, tick)
    q.last = this.rng.next() < 0.5 ? q.bid : q.ask
    return this.finish(q, 1 + this.rng.int(0, 4))
  }

  /**
   * A straight path from the current last price to `price` in `steps` points on the tick grid (the last
   * point is `price`), queued like a script. Returns the points, or null for an unknown contract.
   */
  pathTo(contractId: string, price: number, steps: number): number[] | null {
    const q = this.quotes.get(contractId)
    const c = this.catalog.get(contractId)
    if (!q || !c) return null
    const n = Math.max(1, Math.floor(steps))
    const tick = c.product.tickSize
    const points = Array.from({ length: n }, (_, i) => roundToTick(q.last + ((price - q.last) * (i + 1)) / n, tick))
    return points
  }

  /** Wire form of a quote (every field; the hub layer sends only the changed ones unless full quotes are on). */
  toWire(q: SimQuote, c: SimContract): PxQuote {
    const change = Number((q.last - q.prevClose).toFixed(10))
    const ts = this.stamp()
    return {
      symbol: c.model.symbolId,
      symbolName: `/${c.product.cme}`, // the docs' form: `/ES` for F.US.EP
      lastPrice: q.last,
      bestBid: q.bid,
      bestAsk: q.ask,
      change,
      changePercent: Number(((change / q.prevClose) * 100).toFixed(4)),
      open: q.open,
      high: q.high,
      low: q.low,
      volume: q.volume,
      lastUpdated: ts,
      timestamp: ts,
    }
  }

  /** Bumped on every price change: per-level fill caps count liquidity per quote. */
  version(contractId: string): number {
    return this.versions.get(contractId) ?? 0
  }

  private finish(q: SimQuote, printVolume: number): MarketUpdate {
    const c = this.catalog.get(q.contractId) as SimContract
    this.versions.set(q.contractId, this.version(q.contractId) + 1)
    q.high = Math.max(q.high, q.last)
    q.low = Math.min(q.low, q.last)
    q.volume += printVolume
    q.updatedMs = this.now()
    const ts = this.stamp()
    const prints: PxMarketTrade[] = [{ symbolId: c.model.symbolId, price: q.last, timestamp: ts, type: q.last >= q.ask ? 0 : 1, volume: printVolume }]
    const depth: PxDepth[] = [
      { timestamp: ts, type: 4, price: q.bid, volume: 10 + this.rng.int(0, 40), currentVolume: 1 },
      { timestamp: ts, type: 3, price: q.ask, volume: 10 + this.rng.int(0, 40), currentVolume: 1 },
      { timestamp: ts, type: 5, price: q.last, volume: printVolume, currentVolume: printVolume },
    ]
    return { contractId: q.contractId, quote: this.toWire(q, c), prints, depth }
  }
}
