// The built renderer served by the real headless host over a FakeEngine with canned data (three
// accounts: ACTIVE, WARNING, LOCKED; fills; rules), its times moved to now. It prints {"url"} first;
// then each stdin line is a JSON command: {"emit": name, "payload": …} pushes an event (times in the
// payload are moved too), {"snapshot": {…}} merges into the snapshot, {"load": {…}} streams price
// ticks (see streamLoad). For e2e tests of the states the real engine cannot be driven into cheaply,
// for screenshots, and for the UI frame-time bench.
import path from 'node:path'
import { createInterface } from 'node:readline'
import { startHeadlessHost } from '../../../src/main/host/headless/start-headless-host'
import type { ContractHandlers } from '../../../src/shared/ipc/api'
import type { EventName } from '../../../src/shared/ipc/contract'
import { FakeEngine, T0 } from '../../fakes/fake-engine'
import { MemoryLogger } from '../../fakes/memory-logger'

const TIME_KEYS = new Set(['at', 'setAt', 'endsAt', 'nextResetAt', 'lastFiredAt', 'createdAt', 'expiresAt', 'lastMessageAt', 'connectedSince', 'lastReconciledAt', 'updatedAt', 'startedAt', 'finishedAt'])

/** Moves every epoch-ms field of the canned data (which starts at T0) to the same offset from now. */
export function shiftTimes<T>(value: T, delta: number): T {
  if (Array.isArray(value)) return value.map((v) => shiftTimes(v, delta)) as T
  if (typeof value !== 'object' || value === null) return value
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) out[k] = TIME_KEYS.has(k) && typeof v === 'number' ? v + delta : shiftTimes(v, delta)
  return out as T
}

/** A quote stream as main delivers it: `pushesPerSecond` coalesced portfolio and risk pushes, each
 * carrying a fresh price for every one of `positions` open positions, for `seconds`. */
interface Load {
  readonly pushesPerSecond: number
  readonly positions: number
  readonly seconds: number
}

function streamLoad(engine: FakeEngine, load: Load, done: () => void): void {
  const base = engine.snapshot.portfolio
  const template = base.positions[0]!
  const risk = engine.snapshot.risk
  const started = Date.now()
  let tick = 0
  const timer = setInterval(() => {
    tick += 1
    const drift = Math.sin(tick / 7) * 10
    const positions = Array.from({ length: load.positions }, (_, i) => {
      const last = template.averagePrice + drift + i * 0.25
      return { ...template, contractId: `${template.contractId}.${i}`, contractName: `C${i}`, lastPrice: last, unrealizedPnl: Math.round((last - template.averagePrice) * 5 * 100) / 100, priceAgeMs: 50 }
    })
    engine.emit('portfolioChanged', { ...base, positions })
    const accounts = risk.accounts.map((a) => ({ ...a, pnl: { ...a.pnl, unrealized: drift * 5, net: a.pnl.net + drift * 5 } }))
    engine.emit('riskChanged', { ...risk, at: Date.now(), accounts })
    if (Date.now() - started >= load.seconds * 1000) {
      clearInterval(timer)
      done()
    }
  }, 1000 / load.pushesPerSecond)
}

async function main(): Promise<void> {
  const root = path.resolve(import.meta.dirname, '../../..')
  const engine = new FakeEngine()
  const delta = Date.now() - T0
  engine.snapshot = shiftTimes(engine.snapshot, delta)
  const handlers = engine.handlers as { -readonly [K in keyof ContractHandlers]: ContractHandlers[K] }
  const series = handlers.getPnlSeries
  handlers.getPnlSeries = async (input) => shiftTimes(await series(input), delta)
  const risk = handlers.getRisk
  handlers.getRisk = async (input) => shiftTimes(await risk(input), delta)
  const host = await startHeadlessHost(engine, { rendererDir: path.join(root, 'out/renderer'), logger: new MemoryLogger() })
  process.stdout.write(`${JSON.stringify({ url: host.url })}\n`)
  const lines = createInterface({ input: process.stdin })
  lines.on('line', (line) => {
    const cmd = JSON.parse(line) as { emit?: EventName; payload?: unknown; snapshot?: Record<string, unknown>; load?: Load }
    if (cmd.snapshot !== undefined) Object.assign(engine.snapshot, shiftTimes(cmd.snapshot, delta))
    if (cmd.emit !== undefined) engine.emit(cmd.emit, shiftTimes(cmd.payload, delta) as never)
    if (cmd.load !== undefined) streamLoad(engine, cmd.load, () => process.stdout.write('ok\n'))
    else process.stdout.write('ok\n')
  })
  const stop = () => void host.close().then(() => process.exit(0))
  process.on('SIGTERM', stop)
  lines.on('close', stop)
}

void main()
