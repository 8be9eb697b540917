// The typed ProjectX REST client (GatewayRest): one method per endpoint on top of RestPipeline, which
// does breaker, rate limiting, retries, 401 refresh and write outcomes. Accounts, orders, positions and
// fills are returned as domain records (wire/to-domain.ts), once their reply passed the wire schemas.

import type {
  ModifyOrderRequest,
  PlaceOrderRequest,
  RetrieveBarsRequest,
} from '../../../shared/projectx/endpoints'
import type {
  PxAccount,
  PxBar,
  PxContract,
  PxOrder,
  PxPosition,
  PxTrade,
} from '../../../shared/projectx/models'
import type { CallOptions, GatewayRest, WriteOutcome } from '../../ports/gateway'
import type { Account, Fill, Order, Position } from '../../portfolio/model'
import { accountFromWire, fillFromWire, orderFromWire, positionFromWire } from '../wire/to-domain'
import { GatewayError } from './gateway-error'
import { itemCheck, listCheck } from './reply-schemas'
import { RestPipeline } from './rest-pipeline'

export { DEFAULT_TIMEOUTS } from './rest-pipeline'
export type { AuthEndpoint, RestClientOptions, RestHealthDescription, RestTimeouts } from './rest-pipeline'

/** The ProjectX REST client. Construct with `new RestClient(options: RestClientOptions)`. */
export class RestClient extends RestPipeline implements GatewayRest {
  // ---- reads (GatewayRest) -------------------------------------------------------------------------

  // The reply checks validated every item (timestamps included), so the conversions cannot throw.

  async searchAccounts(onlyActive: boolean, opts?: CallOptions): Promise<Account[]> {
    const body = await this.read('searchAccounts', { onlyActiveAccounts: onlyActive }, opts, listCheck('accounts'))
    return this.list<PxAccount>('searchAccounts', body, 'accounts').map(accountFromWire)
  }

  async searchOpenPositions(accountId: number, opts?: CallOptions): Promise<Position[]> {
    const body = await this.read('searchOpenPositions', { accountId }, opts, listCheck('positions', accountId))
    return this.list<PxPosition>('searchOpenPositions', body, 'positions').map((p) => positionFromWire(p))
  }

  async searchOpenOrders(accountId: number, opts?: CallOptions): Promise<Order[]> {
    const body = await this.read('searchOpenOrders', { accountId }, opts, listCheck('orders', accountId))
    return this.list<PxOrder>('searchOpenOrders', body, 'orders').map((o) => orderFromWire(o))
  }

  async searchOrders(
    accountId: number,
    startIso: string,
    endIso?: string,
    opts?: CallOptions,
  ): Promise<Order[]> {
    const body = await this.read(
      'searchOrders',
      { accountId, startTimestamp: startIso, endTimestamp: endIso ?? null },
      opts,
      listCheck('orders', accountId),
    )
    return this.list<PxOrder>('searchOrders', body, 'orders').map((o) => orderFromWire(o))
  }

  /** Null when the gateway answers OrderNotFound. */
  async searchOrderById(accountId: number, orderId: number, opts?: CallOptions): Promise<Order | null> {
    try {
      const body = await this.read('searchOrderById', { accountId, orderId }, opts, itemCheck('order', accountId))
      const order = body.order as PxOrder | null | undefined
      return order === null || order === undefined ? null : orderFromWire(order)
    } catch (error) {
      if (GatewayError.is(error) && error.category === 'BUSINESS' && error.errorName === 'OrderNotFound')
        return null
      throw error
    }
  }

  async searchTrades(
    accountId: number,
    startIso: string,
    endIso?: string,
    opts?: CallOptions,
  ): Promise<Fill[]> {
    const body = await this.read(
      'searchTrades',
      { accountId, startTimestamp: startIso, endTimestamp: endIso ?? null },
      opts,
      listCheck('trades', accountId),
    )
    return this.list<PxTrade>('searchTrades', body, 'trades').map((t) => fillFromWire(t))
  }

  /** Bars oldest first: the gateway returns newest first, so they are sorted here. */
  async retrieveBars(request: RetrieveBarsRequest, opts?: CallOptions): Promise<PxBar[]> {
    const body = await this.read('retrieveBars', request, opts, listCheck('bars'))
    const bars = this.list<PxBar>('retrieveBars', body, 'bars')
    return bars
      .map((bar) => ({ bar, at: barTime(bar.t) }))
      .sort((a, b) => a.at - b.at)
      .map((x) => x.bar)
  }

  /** Null when the gateway answers ContractNotFound. */
  async searchContractById(contractId: string, opts?: CallOptions): Promise<PxContract | null> {
    try {
      const body = await this.read('searchContractById', { contractId }, opts, itemCheck('contract'))
      return (body.contract as PxContract | null | undefined) ?? null
    } catch (error) {
      if (GatewayError.is(error) && error.category === 'BUSINESS' && error.errorName === 'ContractNotFound')
        return null
      throw error
    }
  }

  async availableContracts(live: boolean, opts?: CallOptions): Promise<PxContract[]> {
    const body = await this.read('availableContracts', { live }, opts, listCheck('contracts'))
    return this.list<PxContract>('availableContracts', body, 'contracts')
  }

  /** Fuzzy contract search (at most 20 results). Not part of the GatewayRest port. */
  async searchContracts(searchText: string, live: boolean, opts?: CallOptions): Promise<PxContract[]> {
    const body = await this.read('searchContracts', { searchText, live }, opts, listCheck('contracts'))
    return this.list<PxContract>('searchContracts', body, 'contracts')
  }

  // ---- writes (GatewayRest): never retried, never replayed -----------------------------------------

  placeOrder(request: PlaceOrderRequest, opts?: CallOptions): Promise<WriteOutcome> {
    return this.write('placeOrder', request, opts)
  }

  modifyOrder(request: ModifyOrderRequest, opts?: CallOptions): Promise<WriteOutcome> {
    return this.write('modifyOrder', request, opts)
  }

  cancelOrder(accountId: number, orderId: number, opts?: CallOptions): Promise<WriteOutcome> {
    return this.write('cancelOrder', { accountId, orderId }, opts)
  }

  closePosition(accountId: number, contractId: string, opts?: CallOptions): Promise<WriteOutcome> {
    return this.write('closePosition', { accountId, contractId }, opts)
  }

  partialClosePosition(
    accountId: number,
    contractId: string,
    size: number,
    opts?: CallOptions,
  ): Promise<WriteOutcome> {
    return this.write('partialClosePosition', { accountId, contractId, size }, opts)
  }
}

function barTime(t: string): number {
  // .NET sends up to 7 fractional digits; ECMAScript only promises 3.
  const at = Date.parse(t.replace(/(\.\d{3})\d+/, '$1'))
  return Number.isNaN(at) ? 0 : at
}
