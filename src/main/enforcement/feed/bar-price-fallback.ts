// While a held contract has no live price, or only one older than max_quote_age_seconds (market hub down,
// a contract the feed stopped quoting), its last 1-minute bar stands in: fetched on the bars lane within
// that endpoint's own budget, applied to the mirror labelled `bars` (delayed), and timed at the bar's
// close so the core never breaches on a price older than the threshold (CORE-3/4, issue 10 item 1).
import type { Clock, TimerHandle } from '../../ports/clock'
import type { Logger } from '../../ports/logger'
import type { QuoteEntry } from '../../portfolio'
import { latestBar, recentMinuteBars } from '../../gateway/sync/last-bar'
import { PRIORITY, type GatewayRest } from '../../ports/gateway'

export type BarSource = Pick<GatewayRest, 'retrieveBars'>

export interface BarPriceFallbackDeps {
  readonly bars: BarSource
  readonly clock: Clock
  readonly logger: Logger
  /** Contracts with an open position. */
  readonly heldContracts: () => readonly string[]
  readonly quote: (contractId: string) => QuoteEntry | null
  readonly applyBarPrice: (contractId: string, price: number, at: number) => void
  /** The rules' max_quote_age_seconds, in ms. */
  readonly maxQuoteAgeMs: () => number
  readonly live: boolean
  /** Below the poller's own share of the bars bucket (50 per 30 s at the gateway). */
  readonly budgetPer30s?: number
  readonly checkEveryMs?: number
  readonly perContractEveryMs?: number
}

export class BarPriceFallback {
  private timer: TimerHandle | null = null
  private sent: number[] = []
  private readonly lastAsked = new Map<string, number>()

  constructor(private readonly deps: BarPriceFallbackDeps) {}

  start(): void {
    if (this.timer !== null) return
    const every = this.deps.checkEveryMs ?? 5_000
    const loop = (): void => {
      this.timer = this.deps.clock.setTimeout(() => {
        void this.check().finally(loop)
      }, every)
    }
    loop()
  }

  stop(): void {
    if (this.timer !== null) this.deps.clock.clearTimeout(this.timer)
    this.timer = null
  }

  /** One pass: ask for a bar for every held contract without a fresh price, within the budget. */
  async check(): Promise<void> {
    const { clock } = this.deps
    const now = clock.now()
    const maxAge = this.deps.maxQuoteAgeMs()
    this.sent = this.sent.filter((t) => t > now - 30_000)
    const due = this.deps.heldContracts().filter((contractId) => {
      const quote = this.deps.quote(contractId)
      const stale = quote === null || quote.lastPrice === null || now - quote.updatedAt > maxAge
      return stale && now - (this.lastAsked.get(contractId) ?? Number.NEGATIVE_INFINITY) >= (this.deps.perContractEveryMs ?? 10_000)
    })
    await Promise.all(due.map((contractId) => this.fetch(contractId, now)))
  }

  private async fetch(contractId: string, now: number): Promise<void> {
    if (this.sent.length >= (this.deps.budgetPer30s ?? 10)) return
    this.sent.push(now)
    this.lastAsked.set(contractId, now)
    try {
      const bars = await this.deps.bars.retrieveBars(
        recentMinuteBars(contractId, this.deps.live, now),
        { priority: PRIORITY.poll, timeoutMs: 10_000 },
      )
      const latest = latestBar(bars)
      if (latest === undefined) return
      // The close is as old as the bar's end at most; a partial bar's close is (about) now.
      const at = Math.min(this.deps.clock.now(), Date.parse(latest.t) + 60_000)
      this.deps.applyBarPrice(contractId, latest.c, at)
    } catch (error) {
      this.deps.logger.debug('fallback bar price failed', { contractId, error: error instanceof Error ? error.message : String(error) })
    }
  }
}
