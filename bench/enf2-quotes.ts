// ENF-2: quote throughput in process, one core: market-hub quote frames through normalisation (JSON parse,
// FrameNormalizer), the mirror's quote merge, the RiskFeed and the pure core `step` with every quote-driven
// rule, for 50 positions across 5 accounts; beside the floor of JSON-parsing the same frames and nothing else.

import { ContractCatalog } from '../src/main/enforcement/feed/contract-catalog'
import { RiskFeed } from '../src/main/enforcement/feed/risk-feed'
import { FrameNormalizer } from '../src/main/gateway/hubs/frame-normalizer'
import { PortfolioMirror } from '../src/main/portfolio'
import { systemClock } from '../src/main/ports/clock'
import type { GatewayEvent } from '../src/main/ports/hub-events'
import { step, type RiskConfig, type RiskEvent, type RiskState } from '../src/main/risk'
import { openStore } from '../src/main/store'
import { PX_MARKET_HUB } from '../src/shared/projectx/endpoints'
import { LatencyHistogram, type LatencySummary } from './latency-histogram'
import { CONTRACTS, QUOTE_RULES_YAML, rulesFrom, stateWithPositions } from './risk-fixtures'
import { fmt, NullLogger, nowMs, verdict, type Table } from './support'

const ACCOUNTS = 5
/** Each pass stops at its quote count or its time budget, whichever comes first, so slow paths stay short. */
const QUOTES = 500_000
const THROUGHPUT_BUDGET_MS = 3_000
const WARMUP_QUOTES = 50_000
const WARMUP_BUDGET_MS = 1_500
/** Per-quote timing pass (separate, so the clock reads do not slow the throughput pass). */
const TIMED_QUOTES = 100_000
const TIMED_BUDGET_MS = 2_000
/** Distinct frames, cycled: prices move ±4 ticks around each contract's base, never near a limit. */
const FRAME_POOL = 10_000
/** Quotes between two clock reads in the throughput pass. */
const CHUNK = 500
const GOAL_QPS = 100_000
const GOAL_SHARE_OF_FLOOR = 0.5
const RECORD_SEPARATOR = '\u001e'

/** A SignalR JSON-protocol invocation as the market hub sends it: a partial quote (symbol + changed fields). */
function quoteFrames(count: number, at: number): string[] {
  const frames: string[] = []
  for (let i = 0; i < count; i++) {
    const c = CONTRACTS[i % CONTRACTS.length] ?? CONTRACTS[0]
    if (c === undefined) throw new Error('no contracts')
    const offset = (Math.floor(i / CONTRACTS.length) % 9) - 4
    const last = c.basePrice + offset * c.tickSize
    const stamp = new Date(at + i).toISOString().replace('Z', '1234+00:00')
    const quote = {
      symbol: c.contractId.replace('CON.', '').replace(/\.[A-Z]\d+$/, ''),
      lastPrice: last,
      bestBid: last,
      bestAsk: last + c.tickSize,
      change: offset * c.tickSize,
      changePercent: (offset * c.tickSize * 100) / c.basePrice,
      volume: 100_000 + i,
      lastUpdated: stamp,
      timestamp: stamp,
    }
    frames.push(`${JSON.stringify({ type: 1, target: PX_MARKET_HUB.onQuote, arguments: [c.contractId, quote] })}${RECORD_SEPARATOR}`)
  }
  return frames
}

interface Invocation {
  readonly target: string
  readonly arguments: readonly unknown[]
}

const parse = (frame: string): Invocation => JSON.parse(frame.slice(0, -1)) as Invocation

/** The engine's path for one market frame, wired as wireGatewaySession wires it, minus the sockets. */
interface Pipeline {
  /** Frame text → normaliser → mirror → feed → step. */
  frame(text: string): void
  /** Frame text → normaliser → mirror (the feed not listening). */
  normalizeOnly(text: string): void
  state(): RiskState
  close(): void
}

async function pipeline(config: RiskConfig): Promise<Pipeline> {
  const logger = new NullLogger()
  const store = await openStore({ path: ':memory:', logger })
  const mirror = new PortfolioMirror({ repo: store.portfolio, journal: store.journal, clock: systemClock, logger, transaction: store.transaction })
  const normalizer = new FrameNormalizer('market', logger)
  const noLookup = {
    availableContracts: () => Promise.reject(new Error('no contract lookups in this benchmark')),
    searchContractById: () => Promise.reject(new Error('no contract lookups in this benchmark')),
  }
  let state = stateWithPositions(config, ACCOUNTS, CONTRACTS, systemClock.now())
  let feedOn = true
  const feed = new RiskFeed({
    mirror,
    catalog: new ContractCatalog(noLookup, logger),
    clock: systemClock,
    logger,
    deliver: (event: RiskEvent) => {
      if (feedOn) state = step(state, config, event).state
    },
  })
  mirror.onChange(feed.onChange)
  const ingest = (text: string): void => {
    const message = parse(text)
    const events: readonly GatewayEvent[] = normalizer.market(message.target, message.arguments)
    for (const event of events) mirror.ingest(event, systemClock.now())
  }
  return {
    frame: (text) => {
      feedOn = true
      ingest(text)
    },
    normalizeOnly: (text) => {
      feedOn = false
      ingest(text)
    },
    state: () => state,
    close: () => {
      feed.stop()
      store.close()
    },
  }
}

interface Measured {
  readonly qps: number
  /** Quotes in the throughput pass. */
  readonly quotes: number
  readonly perQuote: LatencySummary
}

/** Runs `handle` over the frames in chunks until `count` quotes or `budgetMs`; returns quotes done and ms taken. */
function loop(frames: readonly string[], handle: (text: string) => void, count: number, budgetMs: number): { quotes: number; ms: number } {
  const t0 = nowMs()
  let i = 0
  while (i < count) {
    for (const end = Math.min(count, i + CHUNK); i < end; i++) handle(frames[i % frames.length] as string)
    if (nowMs() - t0 > budgetMs) break
  }
  return { quotes: i, ms: nowMs() - t0 }
}

/** Warm-up, then throughput (one clock read per chunk), then a separate pass timing each quote. */
function measure(frames: readonly string[], handle: (text: string) => void): Measured {
  loop(frames, handle, WARMUP_QUOTES, WARMUP_BUDGET_MS)
  const { quotes, ms } = loop(frames, handle, QUOTES, THROUGHPUT_BUDGET_MS)
  const histogram = new LatencyHistogram()
  const t0 = nowMs()
  for (let i = 0; i < TIMED_QUOTES && nowMs() - t0 < TIMED_BUDGET_MS; i++) {
    const s = nowMs()
    handle(frames[i % frames.length] as string)
    histogram.record(nowMs() - s)
  }
  return { qps: quotes / (ms / 1000), quotes, perQuote: histogram.summary() }
}

/** The core alone: the same quotes as ready-made domain events folded through step. */
function coreOnly(config: RiskConfig, frames: readonly string[]): Measured {
  let state = stateWithPositions(config, ACCOUNTS, CONTRACTS, systemClock.now())
  const now = systemClock.now()
  const events: RiskEvent[] = frames.map((f) => {
    const [contractId, quote] = parse(f).arguments as [string, { lastPrice: number }]
    return { kind: 'quote', at: now, contractId, lastPrice: quote.lastPrice, quotedAt: now }
  })
  const byIndex = new Map(frames.map((f, i) => [f, events[i] as RiskEvent]))
  return measure(frames, (f) => {
    state = step(state, config, byIndex.get(f) as RiskEvent).state
  })
}

export async function run(): Promise<Table> {
  const config = rulesFrom(QUOTE_RULES_YAML)
  const frames = quoteFrames(FRAME_POOL, systemClock.now())
  let sink = 0
  const floor = measure(frames, (f) => {
    sink += parse(f).arguments.length
  })
  if (sink < 0) throw new Error('unreachable: keeps the parse results alive')
  const engine = await pipeline(config)
  let full: Measured
  let normalized: Measured
  try {
    full = measure(frames, engine.frame)
    normalized = measure(frames, engine.normalizeOnly)
    const positions = Object.values(engine.state().accounts).reduce((n, a) => n + Object.keys(a.positions).length, 0)
    if (positions !== ACCOUNTS * CONTRACTS.length) throw new Error(`expected ${ACCOUNTS * CONTRACTS.length} open positions, the core holds ${positions}`)
  } finally {
    engine.close()
  }
  const core = coreOnly(config, frames)
  const share = full.qps / floor.qps
  const row = (name: string, m: Measured, goal: string): string[] => [
    name,
    String(m.quotes),
    fmt(m.qps, 0),
    fmt(m.perQuote.p50Ms * 1000, 1),
    fmt(m.perQuote.p99Ms * 1000, 1),
    `${fmt((m.qps / floor.qps) * 100, 1)} %`,
    goal,
  ]
  return {
    id: 'ENF-2',
    title: `Quote throughput, in process on one core: ${ACCOUNTS * CONTRACTS.length} positions across ${ACCOUNTS} accounts, every quote-driven rule`,
    columns: ['measured', 'quotes', 'quotes/s', 'p50 µs', 'p99 µs', 'of floor', 'goal'],
    rows: [
      row('floor: JSON.parse of the frame only', floor, 'n/a'),
      row('frame → normaliser → mirror → feed → step', full, verdict(full.qps >= GOAL_QPS && share >= GOAL_SHARE_OF_FLOOR)),
      [`  goal ≥ ${GOAL_QPS.toLocaleString('en-US')} quotes/s`, '', fmt(full.qps, 0), '', '', '', verdict(full.qps >= GOAL_QPS)],
      [`  goal ≥ ${GOAL_SHARE_OF_FLOOR * 100} % of the floor`, '', '', '', '', `${fmt(share * 100, 1)} %`, verdict(share >= GOAL_SHARE_OF_FLOOR)],
      row('part: frame → normaliser → mirror (no feed, no core)', normalized, 'n/a'),
      row('part: core step only (ready-made quote events)', core, 'n/a'),
    ],
    notes: [
      `Each row: warm-up (${WARMUP_QUOTES.toLocaleString('en-US')} quotes or ${WARMUP_BUDGET_MS / 1000} s), then "quotes" timed in chunks of ${CHUNK} (up to ${QUOTES.toLocaleString('en-US')} or ${THROUGHPUT_BUDGET_MS / 1000} s),`,
      `then p50/p99 from a separate pass timing each quote (up to ${TIMED_QUOTES.toLocaleString('en-US')} or ${TIMED_BUDGET_MS / 1000} s; hdr-histogram, 1 µs resolution).`,
      `Frames: ${FRAME_POOL.toLocaleString('en-US')} distinct partial GatewayQuote invocations over ${CONTRACTS.length} contracts, cycled.`,
      'Rules: daily_unrealized_loss and max_unrealized_profit per position, daily_realized_loss with include_unrealized,',
      'trade_management configured but off; limits far away so every rule evaluates and none fires. A quote event names no',
      'account, so step evaluates all 5 accounts (10 positions each) on every quote. No sockets, no store writes (DB-10).',
      `Per quote: full path ${fmt(1e6 / full.qps, 1)} µs, of which normaliser + mirror ${fmt(1e6 / normalized.qps, 1)} µs and the core step alone ${fmt(1e6 / core.qps, 1)} µs (the bottleneck).`,
    ],
  }
}
