// Practice on the built-in simulator: a newcomer places market orders and moves prices as the web app and
// the market would, and watches the rules act. Refused plainly on a live account: Tiltguard never trades
// for the trader there.
import type { ContractHandlers } from '../../../shared/ipc/api'
import type { SimControl } from '../../../sim'
import { RequestRefused } from '../request-refused'
import type { HandlerContext } from './context'

export function simulatorHandlers({ modes }: HandlerContext): Pick<ContractHandlers, 'simMarket' | 'simTrade' | 'simMovePrice'> {
  const control = (): SimControl => {
    const sim = modes.simulatorControl()
    if (sim === null) throw new RequestRefused('VALIDATION_FAILED', 'Practice orders exist only on the built-in simulator; Tiltguard never trades on a live account')
    return sim
  }
  return {
    async simMarket() {
      control()
      const session = modes.requireCurrent()
      return session
        .contracts()
        .map((c) => ({ contractId: c.contractId, name: c.name, tickSize: c.tickSize, lastPrice: session.quote(c.contractId)?.lastPrice ?? control().quote({ contractId: c.contractId })?.last ?? null }))
        .sort((a, b) => a.name.localeCompare(b.name))
    },
    async simTrade({ accountId, contractId, side, size }) {
      const reply = control().placeOrder({ accountId, contractId, type: 2, side: side === 'buy' ? 0 : 1, size })
      return { orderId: reply.orderId ?? null, message: reply.success ? null : (reply.errorMessage ?? `refused (code ${reply.errorCode})`) }
    },
    async simMovePrice({ contractId, points }) {
      const sim = control()
      const quote = sim.quote({ contractId })
      if (!quote) throw new RequestRefused('VALIDATION_FAILED', `No such contract on the simulator: ${contractId}`)
      sim.gapPrice({ contractId, price: Math.max(quote.last + points, 1) })
      return null
    },
  }
}
