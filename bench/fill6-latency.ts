// FILL-6: fill processing p50 < 100 ms, p95 < 200 ms, from the simulator sending GatewayUserTrade to
// (a) the trade being in the portfolio mirror and (b) the engine's coalesced portfolioChanged push.

import { OrderStatus } from '../src/shared/projectx/enums'
import type { SimControl } from '../src/sim'
import { frameTime, startEngine, startSession } from './engine-kit'
import { fmt, MNQ, sleep, summarize, verdict, waitFor, type Table } from './support'

const PACED_ORDERS = 200
const LONE_ORDERS = 50
const BURST_ORDERS = 100
const GOAL_P50_MS = 100
const GOAL_P95_MS = 200

/** Another trader's hands: a 1-lot market order, alternating sides so the position stays small. */
function placeMarket(sim: SimControl, accountId: number, i: number): number {
  const result = sim.placeOrder({ accountId, contractId: MNQ, type: 2, side: i % 2 === 0 ? 0 : 1, size: 1 })
  if (result.orderId === null) throw new Error(`the simulator refused a market order: ${result.errorMessage ?? '?'}`)
  return result.orderId
}

interface Measured {
  readonly samples: number[]
  readonly missingFrames: number
}

/** Trade in the mirror: a GatewaySession observed through `mirror.onChange`. */
async function inMirror(): Promise<{ paced: Measured; burst: Measured; journalRows: string }> {
  const run = await startSession({ seed: 7 })
  try {
    const { parts, sim } = run
    const accountId = parts.mirror.accountIds()[0]
    if (accountId === undefined) throw new Error('no account in the mirror')
    const seenAt = new Map<number, number>()
    const off = parts.mirror.onChange((change) => {
      if (change.kind === 'trade' && !seenAt.has(change.trade.orderId)) seenAt.set(change.trade.orderId, Date.now())
    })
    const measure = (ids: readonly number[]): Measured => {
      const samples: number[] = []
      let missingFrames = 0
      for (const id of ids) {
        const sent = frameTime(sim, 'GatewayUserTrade', id)
        const seen = seenAt.get(id)
        if (sent === null || seen === undefined) missingFrames++
        else samples.push(seen - sent)
      }
      return { samples, missingFrames }
    }

    const paced: number[] = []
    for (let i = 0; i < PACED_ORDERS; i++) {
      const id = placeMarket(sim.control, accountId, i)
      paced.push(id)
      await waitFor(() => seenAt.has(id), 5_000, `trade of order ${id} in the mirror`, 1)
      await sleep(5 + (i % 4) * 5)
    }
    // Burst: every order placed in one synchronous run; frames queue up behind each other.
    const burst: number[] = []
    for (let i = 0; i < BURST_ORDERS; i++) burst.push(placeMarket(sim.control, accountId, i))
    await waitFor(() => burst.every((id) => seenAt.has(id)), 15_000, 'burst trades in the mirror', 5)
    off()
    const fills = parts.mirror.fills(accountId).length
    return { paced: measure(paced), burst: measure(burst), journalRows: `${fills} fills in the mirror` }
  } finally {
    await run.stop()
  }
}

/**
 * Order shown Filled in a portfolioChanged push of the whole engine. `gap` is the pause after each push
 * before the next fill: under 100 ms the fill lands in the coalescing window of the previous push.
 */
async function pushedToUi(orders: number, gap: (i: number) => number): Promise<Measured & { pushes: number; quoteFrames: number }> {
  const run = await startEngine({ seed: 7 })
  try {
    const { engine, sim } = run
    const snapshot = await engine.handlers.getSnapshot({})
    const accountId = snapshot.portfolio.accounts[0]?.id
    if (accountId === undefined) throw new Error('no account in the engine snapshot')
    const pending = new Set<number>()
    const pushedAt = new Map<number, number>()
    let pushes = 0
    const off = run.on('portfolioChanged', (portfolio, at) => {
      pushes++
      if (pending.size === 0) return
      for (const o of portfolio.orders) {
        if (pending.has(o.id) && o.status === OrderStatus.Filled) {
          pending.delete(o.id)
          pushedAt.set(o.id, at)
        }
      }
    })
    const ids: number[] = []
    for (let i = 0; i < orders; i++) {
      const id = placeMarket(sim.control, accountId, i)
      pending.add(id)
      ids.push(id)
      await waitFor(() => pushedAt.has(id), 5_000, `push showing order ${id} filled`, 1)
      await sleep(gap(i))
    }
    off()
    const samples: number[] = []
    let missingFrames = 0
    for (const id of ids) {
      const sent = frameTime(sim, 'GatewayUserTrade', id)
      const at = pushedAt.get(id)
      if (sent === null || at === undefined) missingFrames++
      else samples.push(at - sent)
    }
    const quoteFrames = sim.control.frames({ hub: 'market', excludePings: true }).length
    return { samples, missingFrames, pushes, quoteFrames }
  } finally {
    await run.stop()
  }
}

export async function run(): Promise<Table> {
  const mirror = await inMirror()
  const ui = await pushedToUi(PACED_ORDERS, (i) => 3 + (i % 7) * 7)
  const lone = await pushedToUi(LONE_ORDERS, (i) => 150 + (i % 5) * 20)
  const rows = [
    row('trade frame → in mirror (paced)', mirror.paced),
    row(`trade frame → in mirror (burst of ${BURST_ORDERS})`, mirror.burst),
    row('trade frame → portfolioChanged push, fills 3-45 ms apart', ui),
    row('trade frame → portfolioChanged push, lone fills', lone),
  ]
  return {
    id: 'FILL-6',
    title: 'Fill processing latency on the embedded simulator (ms; goal p50 < 100, p95 < 200)',
    columns: ['measured', 'n', 'p50 ms', 'p95 ms', 'max ms', 'mean ms', 'no frame', 'goal'],
    rows,
    notes: [
      'Start = the simulator\'s frame log time of the GatewayUserTrade frame (same process, ms resolution).',
      '"in mirror": PortfolioMirror.onChange reports the trade (SignalR client → normalizer → journal (SQLite) → mirror).',
      '"push": the first portfolioChanged whose order list shows the order Filled. The first portfolio change after',
      'a quiet spell is pushed on the next tick; changes in the next 100 ms are coalesced into one trailing push.',
      'Quotes do not start pushes (the portfolio view holds none). So a lone fill is pushed at once, and fills',
      'closer than 100 ms to the previous push wait for the trailing push (the 3-45 ms row: the 10 Hz cap).',
      `${mirror.journalRows}; engine run: ${ui.pushes} portfolio pushes, ${ui.quoteFrames} market-hub frames sent by the simulator.`,
    ],
  }
}

function row(name: string, m: Measured): string[] {
  const s = summarize(m.samples)
  return [name, String(s.n), fmt(s.p50), fmt(s.p95), fmt(s.max), fmt(s.mean), String(m.missingFrames), verdict(s.p50 < GOAL_P50_MS && s.p95 < GOAL_P95_MS)]
}
