// Integration tests against the simulator's REST: after the "web app" trades while no hub frame is
// applied, reconciliation makes local state equal the simulator's field by field (RECON-5, F9).
// Parametrised over the simulator's REST field modes (issue 8 item 9): the engine must reconcile the same
// whether replies carry the 2026 swagger's extra fields or only the documented ones.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, type SimulatorHandle } from '../../../sim/index'
import { systemClock } from '../../ports/clock'
import { MemoryLogger } from '../../../../test/fakes/memory-logger'
import { MemoryEventJournal, MemoryPortfolioRepository } from '../../../../test/fakes/memory-repositories'
import { PortfolioMirror } from '../../portfolio/portfolio-mirror'
import { Reconciler } from './reconciler'
import { connectFetchRest, type FetchRest } from '../../../../test/support/sync/fetch-rest'

const MES = 'CON.F.US.MES.Z26'
describe.each(['full', 'documented'] as const)(
  'sync against the simulator (REST fields: %s)',
  (restFields) => {
    let sim: SimulatorHandle
    let rest: FetchRest

    beforeAll(async () => {
      sim = await startSimulator({ quiet: true, quoteIntervalMs: 0, restFields })
      rest = await connectFetchRest(sim.restUrl, sim.userName, sim.apiKey)
    })
    afterAll(async () => {
      await sim?.close()
    })

    function build() {
      const logger = new MemoryLogger()
      const repo = new MemoryPortfolioRepository()
      const mirror = new PortfolioMirror({
        repo,
        journal: new MemoryEventJournal(),
        clock: systemClock,
        logger,
      })
      // CFG-5 spacing is covered by unit tests; here it would only slow the run down.
      const reconciler = new Reconciler({
        rest,
        mirror,
        clock: systemClock,
        logger,
        minReconnectIntervalMs: 0,
      })
      return { mirror, repo, reconciler }
    }

    const plain = (x: unknown): unknown => JSON.parse(JSON.stringify(x))
    const byKey = <T extends { accountId: number; contractId: string }>(xs: T[]) =>
      [...xs].sort((a, b) => a.accountId - b.accountId || a.contractId.localeCompare(b.contractId))

    describe('reconcile', () => {
      it('SIM8-9 RECON-5 F9 after web-app places, fills and cancels during a gap, local == sim field by field; no duplicate trades', async () => {
        const { mirror, repo, reconciler } = build()
        const [a1] = sim.accountIds
        if (a1 === undefined) throw new Error('no account')
        reconciler.onStateChange('user', 'CONNECTED', null)
        reconciler.onConnected('user', 'start')
        await reconciler.whenIdle()
        // Known working orders that will be cancelled during the gap.
        sim.control.setQuote({ contractId: MES, bid: 6000, ask: 6000.25 })
        const resting = sim.control.placeOrder({
          accountId: a1,
          contractId: MES,
          type: 1,
          side: 0,
          size: 1,
          limitPrice: 5900,
        })
        const resting2 = sim.control.placeOrder({
          accountId: a1,
          contractId: MES,
          type: 1,
          side: 1,
          size: 2,
          limitPrice: 6100,
        })
        reconciler.onConnected('user', 'reconnect')
        await reconciler.whenIdle()
        expect(
          mirror
            .workingOrders(a1)
            .map((o) => o.id)
            .sort(),
        ).toEqual([resting.orderId, resting2.orderId].sort())

        // The gap: no hub frames reach the mirror while the web app trades.
        sim.control.placeOrder({ accountId: a1, contractId: MES, type: 2, side: 0, size: 3 })
        sim.control.cancelOrder({ accountId: a1, orderId: resting.orderId! })
        sim.control.setQuote({ contractId: MES, bid: 6100, ask: 6100.25 }) // fills the sell limit
        sim.control.placeOrder({ accountId: a1, contractId: MES, type: 2, side: 1, size: 1 })

        reconciler.onConnected('user', 'reconnect')
        await reconciler.whenIdle()
        expect(reconciler.status().freshness).toBe('FRESH')

        for (const id of sim.accountIds) {
          expect(plain(byKey(mirror.openPositions(id)))).toEqual(
            plain(byKey(sim.control.positions({ accountId: id }))),
          )
          expect(plain(mirror.account(id))).toEqual(plain(sim.control.accounts().find((a) => a.id === id)))
          const simOpen = sim.control.orders({ accountId: id, openOnly: true }).sort((a, b) => a.id - b.id)
          expect(plain(mirror.workingOrders(id).sort((a, b) => a.id - b.id))).toEqual(plain(simOpen))
          const simTrades = sim.control.trades({ accountId: id }).filter((t) => !t.voided)
          expect(
            mirror
              .fills(id)
              .map((t) => t.id)
              .sort(),
          ).toEqual(simTrades.map((t) => t.id).sort())
        }
        expect(mirror.order(resting.orderId!)?.status).toBe(3)
        expect(mirror.order(resting2.orderId!)?.status).toBe(2)
        expect(plain(byKey([...repo.positions.values()]))).toEqual(plain(byKey(sim.control.positions())))

        // A further run adds no duplicate fills.
        const fillsBefore = mirror.fills().length
        reconciler.onConnected('user', 'reconnect')
        await reconciler.whenIdle()
        expect(mirror.fills()).toHaveLength(fillsBefore)
        reconciler.stop()
      }, 30_000)
    })
  },
)
