// ENF-1: enforcement latency on the simulator. From the simulator pushing a breaching fill (max_contracts)
// or a breaching quote (daily_unrealized_loss per position) to the simulator receiving the first close or
// cancel request, beside the floor measured in the same run: a plain @microsoft/signalr client that answers
// the same frame with one HTTP request over the same loopback. Also event-in → request-out inside the engine.
// `--breaches N` (default 200) breaches per case.

import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import { HttpTransportType, HubConnectionBuilder, LogLevel, type HubConnection, type IHttpConnectionOptions } from '@microsoft/signalr'
import WebSocket from 'ws'
import { startSimulator, type SimulatorHandle } from '../src/sim'
import type { RiskConfig } from '../src/main/risk'
import type { SessionParts } from '../src/main/app/session/wire-session'
import type { Store } from '../src/main/store'
import { PX_PATHS, PX_MARKET_HUB, PX_USER_HUB } from '../src/shared/projectx/endpoints'
import { startSession } from './engine-kit'
import { LatencyHistogram, type LatencySummary } from './latency-histogram'
import { rulesFrom } from './risk-fixtures'
import { fmt, MNQ, nowMs, SimLoginTokens, sleep, verdict, waitFor, type Table } from './support'

const DEFAULT_BREACHES = 200
/** Breaches run first and not counted (JIT, connection pools, first requests). */
const WARMUP = 10
const ARRIVAL_TIMEOUT_MS = 5_000
/** Goal: p99 ≤ 2 × floor p99 + 2 ms; inside the engine ≤ 1 ms p99. */
const FLOOR_FACTOR = 2
const FLOOR_SLACK_MS = 2
const IN_ENGINE_GOAL_MS = 1
/** No random walk (quotes only from the breaches); REST budgets raised so 200+ breaches a minute are not rate limited. */
const SIM = { quiet: true, quoteIntervalMs: 0, seed: 10, rateLimits: { general: { limit: 1_000_000, windowMs: 60_000 } } }
/** MNQ: $0.50 a tick of 0.25. A 20-point gap costs a 1-lot long $40, over the $20 limit. */
const BASE_PRICE = 21_000
const GAP_POINTS = 20
const FILL_RULES = 'rules:\n  max_contracts: { limit: 1, close_all: true }\n'
const QUOTE_RULES = 'rules:\n  daily_unrealized_loss: { loss_limit: 20, scope: per_position, action: CLOSE_POSITION }\n'
const ENFORCEMENT_PATH = new RegExp(`(${PX_PATHS.closePosition}|${PX_PATHS.cancelOrder})$`, 'i')

function breachesArg(): number {
  const args = process.argv
  const i = args.indexOf('--breaches')
  if (i < 0) return DEFAULT_BREACHES
  const n = Number(args[i + 1])
  if (!Number.isInteger(n) || n < 1) throw new Error(`--breaches needs a positive whole number, got ${String(args[i + 1])}`)
  return n
}

/**
 * High-resolution marks for one breach, from process-wide hooks: a client-side `ws` message that names the
 * awaited target (frame in), a fetch created for a close/cancel path (request out, undici diagnostics
 * channel) and the simulator's HTTP server starting that request (arrival, http diagnostics channel).
 */
class Probe {
  frameInAt: number | null = null
  requestOutAt: number | null = null
  arrivalAt: number | null = null
  private target: string | null = null
  private arrived: (() => void) | null = null
  private readonly restoreEmit: () => void

  private readonly onServerRequest = (message: unknown): void => {
    const url = (message as { request?: { url?: string } }).request?.url ?? ''
    if (this.target === null || this.arrivalAt !== null || !ENFORCEMENT_PATH.test(url)) return
    this.arrivalAt = nowMs()
    this.arrived?.()
  }

  private readonly onClientRequest = (message: unknown): void => {
    const path = (message as { request?: { path?: string } }).request?.path ?? ''
    if (this.target !== null && this.requestOutAt === null && ENFORCEMENT_PATH.test(path)) this.requestOutAt = nowMs()
  }

  constructor() {
    subscribe('http.server.request.start', this.onServerRequest)
    subscribe('undici:request:create', this.onClientRequest)
    // Frames in: wrap `ws`'s emit for 'message' on client sockets (the engine's hub clients and the floor's).
    const proto = WebSocket.prototype as unknown as { emit: (this: { _isServer?: boolean }, event: string | symbol, ...args: unknown[]) => boolean }
    const original = proto.emit
    const onFrame = (data: unknown): void => {
      if (this.target !== null && this.frameInAt === null && textOf(data).includes(this.target)) this.frameInAt = nowMs()
    }
    proto.emit = function (event, ...args) {
      if (event === 'message' && this._isServer === false) onFrame(args[0])
      return original.call(this, event, ...args)
    }
    this.restoreEmit = () => {
      proto.emit = original
    }
  }

  /** Starts one breach: marks cleared, the frame `target` awaited; resolves when the first close/cancel arrives. */
  arm(target: string): Promise<void> {
    this.frameInAt = null
    this.requestOutAt = null
    this.arrivalAt = null
    this.target = target
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no close/cancel request within ${ARRIVAL_TIMEOUT_MS} ms of the breach`)), ARRIVAL_TIMEOUT_MS)
      this.arrived = () => {
        clearTimeout(timer)
        resolve()
      }
    })
  }

  disarm(): void {
    this.target = null
    this.arrived = null
  }

  close(): void {
    this.disarm()
    unsubscribe('http.server.request.start', this.onServerRequest)
    unsubscribe('undici:request:create', this.onClientRequest)
    this.restoreEmit()
  }
}

function textOf(data: unknown): string {
  if (typeof data === 'string') return data
  if (Buffer.isBuffer(data)) return data.toString('utf8')
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8')
  if (Array.isArray(data)) return Buffer.concat(data as Buffer[]).toString('utf8')
  return ''
}

/** Latencies of one case: trigger → arrival at the simulator, and frame in → request out in the client. */
class CaseSamples {
  readonly total = new LatencyHistogram()
  readonly inside = new LatencyHistogram()
  missingMarks = 0
  add(probe: Probe, t0: number): void {
    if (probe.arrivalAt !== null) this.total.record(probe.arrivalAt - t0)
    if (probe.frameInAt !== null && probe.requestOutAt !== null) this.inside.record(probe.requestOutAt - probe.frameInAt)
    else this.missingMarks++
  }
}

/** Runs `breaches` (+ warm-up) breaches: `prepare` untimed, `trigger` timed until the first close/cancel arrives, `settle` untimed. */
async function runBreaches(
  probe: Probe,
  breaches: number,
  target: string,
  step: { name: string; prepare: () => Promise<void>; trigger: () => void; settle: () => Promise<void> },
): Promise<CaseSamples> {
  const samples = new CaseSamples()
  for (let i = 0; i < WARMUP + breaches; i++) {
    await step.prepare()
    const arrived = probe.arm(target)
    const t0 = nowMs()
    step.trigger()
    await arrived.catch((error: unknown) => {
      throw new Error(`${step.name}, breach ${i + 1 - WARMUP} of ${breaches}: ${error instanceof Error ? error.message : String(error)}`, { cause: error })
    })
    if (i >= WARMUP) samples.add(probe, t0)
    probe.disarm()
    await step.settle()
  }
  return samples
}

// ---- the floor: a trivial client on the same loopback ----

async function trivialClient(sim: SimulatorHandle, hubUrl: string): Promise<{ connection: HubConnection; token: string }> {
  const token = await new SimLoginTokens(sim).login()
  // `WebSocket` is a real runtime option the published .d.ts omits (as in the engine's connection factory).
  const options: IHttpConnectionOptions & { WebSocket: unknown } = { skipNegotiation: true, transport: HttpTransportType.WebSockets, accessTokenFactory: () => token, WebSocket }
  const connection = new HubConnectionBuilder().withUrl(hubUrl, options).configureLogging(LogLevel.None).build()
  await connection.start()
  return { connection, token }
}

function answer(sim: SimulatorHandle, token: string, accountId: number): void {
  void fetch(`${sim.restUrl}${PX_PATHS.closePosition}`, {
    method: 'POST',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ accountId, contractId: MNQ }),
  }).then((r) => r.text())
}

const flatOnSim = (sim: SimulatorHandle, accountId: number) => () => sim.control.positions({ accountId }).length === 0

async function floorFill(probe: Probe, breaches: number): Promise<CaseSamples> {
  const sim = await startSimulator(SIM)
  const accountId = sim.accountIds[0] as number
  const { connection, token } = await trivialClient(sim, sim.userHubUrl)
  try {
    let armed = false
    connection.on(PX_USER_HUB.onPosition, (payload: { data?: { size?: number }; size?: number }) => {
      const size = payload.data?.size ?? payload.size ?? 0
      if (!armed || size === 0) return
      armed = false
      answer(sim, token, accountId)
    })
    for (const method of [PX_USER_HUB.subscribeOrders, PX_USER_HUB.subscribePositions, PX_USER_HUB.subscribeTrades]) await connection.invoke(method, accountId)
    await connection.invoke(PX_USER_HUB.subscribeAccounts)
    return await runBreaches(probe, breaches, PX_USER_HUB.onPosition, {
      name: 'floor, fill',
      prepare: async () => {
        armed = true
      },
      trigger: () => placeMarket(sim, accountId, 2),
      settle: () => waitFor(flatOnSim(sim, accountId), ARRIVAL_TIMEOUT_MS, 'flat after the floor close', 1).then(() => sleep(5)),
    })
  } finally {
    await connection.stop()
    await sim.close()
  }
}

async function floorQuote(probe: Probe, breaches: number): Promise<CaseSamples> {
  const sim = await startSimulator(SIM)
  const accountId = sim.accountIds[0] as number
  const { connection, token } = await trivialClient(sim, sim.marketHubUrl)
  try {
    let armed = false
    connection.on(PX_MARKET_HUB.onQuote, () => {
      if (!armed) return
      armed = false
      answer(sim, token, accountId)
    })
    await connection.invoke(PX_MARKET_HUB.subscribeQuotes, MNQ)
    return await runBreaches(probe, breaches, PX_MARKET_HUB.onQuote, {
      name: 'floor, quote',
      prepare: async () => {
        sim.control.setQuote({ contractId: MNQ, bid: BASE_PRICE, ask: BASE_PRICE + 0.25, last: BASE_PRICE })
        await sleep(5)
        armed = true
      },
      trigger: () => sim.control.gapPrice({ contractId: MNQ, price: BASE_PRICE - GAP_POINTS }),
      settle: () => sleep(5),
    })
  } finally {
    await connection.stop()
    await sim.close()
  }
}

// ---- the engine: one GatewaySession with the rules in force ----

function placeMarket(sim: SimulatorHandle, accountId: number, size: number): void {
  const result = sim.control.placeOrder({ accountId, contractId: MNQ, type: 2, side: 0, size })
  if (result.orderId === null) throw new Error(`the simulator refused a market order: ${result.errorMessage ?? '?'}`)
}

interface EngineCase {
  readonly samples: CaseSamples
  /** EnforcementRecord receivedAt → firstRequestAt (the executor's own ms stamps) of the timed breaches. */
  readonly records: LatencySummary
  readonly outcomes: string
}

async function engineCase(probe: Probe, breaches: number, rules: RiskConfig, kind: 'fill' | 'quote'): Promise<EngineCase> {
  // The engine's own limiter mirrors the gateway's 200 requests a minute; hundreds of breaches a minute
  // (each a close plus verifying reads) would queue behind it and measure the budget, not the latency.
  const run = await startSession(SIM, rules, { rest: { rateBuckets: { general: { limit: 1_000_000, windowMs: 60_000 } } } })
  const { parts, sim } = run
  try {
    const accountId = parts.mirror.accountIds()[0]
    if (accountId === undefined) throw new Error('no account in the mirror')
    const flat = async (): Promise<void> => {
      await waitFor(() => flatOnSim(sim, accountId)() && parts.mirror.openPositions(accountId).length === 0, ARRIVAL_TIMEOUT_MS, 'flat after enforcement', 1)
      await parts.risk.idle()
      await sleep(5)
    }
    const samples =
      kind === 'fill'
        ? await runBreaches(probe, breaches, PX_USER_HUB.onPosition, { name: 'engine, fill', prepare: async () => undefined, trigger: () => placeMarket(sim, accountId, 2), settle: flat })
        : await runBreaches(probe, breaches, PX_MARKET_HUB.onQuote, {
            name: 'engine, quote',
            prepare: () => openUnderQuote(parts, sim, accountId),
            trigger: () => sim.control.gapPrice({ contractId: MNQ, price: BASE_PRICE - GAP_POINTS }),
            settle: flat,
          })
    await parts.risk.idle()
    return { samples, ...recordsOf(run.store, accountId, breaches) }
  } finally {
    await run.stop()
  }
}

/**
 * Back to the base price, then a 1-lot long opened at it, and the engine holding both before the gap. The
 * engine must see the base quote before the fill: otherwise it prices the new position at the previous
 * round's gapped quote (still younger than max_quote_age) and rightly closes it before the timed gap.
 */
async function openUnderQuote(parts: SessionParts, sim: SimulatorHandle, accountId: number): Promise<void> {
  const base = (): void => void sim.control.setQuote({ contractId: MNQ, bid: BASE_PRICE, ask: BASE_PRICE + 0.25, last: BASE_PRICE })
  const engineHasBase = (): boolean => parts.mirror.quote(MNQ)?.lastPrice === BASE_PRICE && parts.risk.state().quotes[MNQ]?.lastPrice === BASE_PRICE
  base()
  // Before the first position the market hub is not subscribed to MNQ yet: no quote to wait for.
  if (parts.mirror.quote(MNQ) !== null) await waitFor(engineHasBase, ARRIVAL_TIMEOUT_MS, 'base quote in the engine before the fill', 1)
  placeMarket(sim, accountId, 1)
  await waitFor(
    () => parts.risk.state().accounts[accountId]?.positions[MNQ]?.size === 1 && sim.control.connections().some((c) => c.hub === 'market' && c.quotes.includes(MNQ)),
    ARRIVAL_TIMEOUT_MS,
    'position held by the engine',
    1,
  )
  if (!engineHasBase()) {
    // First round: the subscription came with the position; give it the base quote once subscribed.
    base()
    await waitFor(engineHasBase, ARRIVAL_TIMEOUT_MS, 'base quote in the engine', 1)
  }
  await sleep(5)
}

/** The executor's records of the timed breaches (the newest `breaches` that sent a request), ms stamps. */
function recordsOf(store: Store, accountId: number, breaches: number): { records: LatencySummary; outcomes: string } {
  const sent = store.enforcementLog.recent(10 * (WARMUP + breaches), accountId).filter((r) => r.firstRequestAt !== null)
  const timed = sent.slice(0, breaches)
  const histogram = new LatencyHistogram()
  const tally = new Map<string, number>()
  for (const r of timed) {
    histogram.record((r.firstRequestAt as number) - r.receivedAt)
    tally.set(`${r.action} ${r.outcome}`, (tally.get(`${r.action} ${r.outcome}`) ?? 0) + 1)
  }
  return { records: histogram.summary(), outcomes: [...tally].map(([k, n]) => `${n} × ${k}`).join(', ') }
}

export async function run(): Promise<Table> {
  const breaches = breachesArg()
  const probe = new Probe()
  let cases: { floorFill: CaseSamples; floorQuote: CaseSamples; fill: EngineCase; quote: EngineCase }
  try {
    cases = {
      floorFill: await floorFill(probe, breaches),
      floorQuote: await floorQuote(probe, breaches),
      fill: await engineCase(probe, breaches, rulesFrom(FILL_RULES), 'fill'),
      quote: await engineCase(probe, breaches, rulesFrom(QUOTE_RULES), 'quote'),
    }
  } finally {
    probe.close()
  }
  return table(breaches, cases)
}

function table(breaches: number, c: { floorFill: CaseSamples; floorQuote: CaseSamples; fill: EngineCase; quote: EngineCase }): Table {
  const row = (name: string, s: LatencySummary, goalMs: number | null): string[] => [
    name,
    String(s.n),
    fmt(s.p50Ms, 2),
    fmt(s.p99Ms, 2),
    fmt(s.maxMs, 2),
    goalMs === null ? '-' : `≤ ${fmt(goalMs, 2)}`,
    goalMs === null ? 'n/a' : verdict(s.p99Ms <= goalMs),
  ]
  const floorFill = c.floorFill.total.summary()
  const floorQuote = c.floorQuote.total.summary()
  const goal = (floor: LatencySummary): number => FLOOR_FACTOR * floor.p99Ms + FLOOR_SLACK_MS
  return {
    id: 'ENF-1',
    title: `Enforcement latency on the simulator, ${breaches} breaches per case (ms)`,
    columns: ['measured', 'n', 'p50 ms', 'p99 ms', 'max ms', 'p99 goal', 'goal'],
    rows: [
      row('floor, fill: position frame → trivial client → request at sim', floorFill, null),
      row('fill breach (max_contracts 1, 2 placed) → first close at sim', c.fill.samples.total.summary(), goal(floorFill)),
      row('  in engine: position frame in → close request out', c.fill.samples.inside.summary(), IN_ENGINE_GOAL_MS),
      row('  executor record: receivedAt → firstRequestAt (ms stamps)', c.fill.records, IN_ENGINE_GOAL_MS),
      row('  floor client: frame in → request out', c.floorFill.inside.summary(), null),
      row('floor, quote: quote frame → trivial client → request at sim', floorQuote, null),
      row('quote breach (unrealized loss per position) → first close at sim', c.quote.samples.total.summary(), goal(floorQuote)),
      row('  in engine: quote frame in → close request out', c.quote.samples.inside.summary(), IN_ENGINE_GOAL_MS),
      row('  executor record: receivedAt → firstRequestAt (ms stamps)', c.quote.records, IN_ENGINE_GOAL_MS),
      row('  floor client: frame in → request out', c.floorQuote.inside.summary(), null),
    ],
    notes: [
      'Start = just before the control call that makes the simulator push (placeOrder, gapPrice; the frames are sent inside it).',
      'End = the simulator\'s HTTP server starting the first Position/closeContract or Order/cancel request (http.server.request.start).',
      '"frame in" = the client\'s ws socket emitting the frame that names the target; "request out" = fetch creating the request',
      '(undici:request:create). All marks are performance.now() in this one process (simulator, engine and floor client share it).',
      `Executor records (receivedAt = the core got the event, firstRequestAt = before the REST call; Date.now, 1 ms steps; 0 shows as 0.001):`,
      `  fill: ${c.fill.outcomes || 'none'}; quote: ${c.quote.outcomes || 'none'}.`,
      'Simulator: no random-walk quotes, REST budget raised (the default 200 requests/60 s would throttle 200 breaches a minute).',
      `Goals: p99 ≤ ${FLOOR_FACTOR} × floor p99 + ${FLOOR_SLACK_MS} ms; in engine ≤ ${IN_ENGINE_GOAL_MS} ms p99. ${WARMUP} warm-up breaches per case not counted.`,
    ],
  }
}
