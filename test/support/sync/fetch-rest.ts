// A minimal fetch-based GatewayRest for integration tests against the simulator (reads only, no
// limiter or retries: the real RestClient adds those). Throws on HTTP errors and failed envelopes.
// Portfolio records go through the gateway's own wire→domain conversion, as RestClient's do.

import type { CallOptions, GatewayRest, WriteOutcome } from '../../../src/main/ports/gateway'
import { PX_PATHS, type RetrieveBarsRequest } from '../../../src/shared/projectx/endpoints'
import type { PxAccount, PxBar, PxContract, PxOrder, PxPosition, PxTrade } from '../../../src/shared/projectx/models'
import type { Account, Fill, Order, Position } from '../../../src/main/portfolio/model'
import { accountFromWire, fillFromWire, orderFromWire, positionFromWire } from '../../../src/main/gateway/wire/to-domain'

export async function connectFetchRest(restUrl: string, userName: string, apiKey: string): Promise<FetchRest> {
  const res = await fetch(`${restUrl}${PX_PATHS.loginKey}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userName, apiKey }) })
  const body = (await res.json()) as { token: string }
  return new FetchRest(restUrl, body.token)
}

export class FetchRest implements GatewayRest {
  requests = 0
  constructor(
    private readonly restUrl: string,
    private readonly token: string,
  ) {}

  private async post<T>(path: string, body: unknown, opts?: CallOptions): Promise<T> {
    this.requests++
    const res = await fetch(`${this.restUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
      body: JSON.stringify(body),
      signal: opts?.signal ?? null,
    })
    if (!res.ok) throw new Error(`HTTP ${res.status} on ${path}`)
    const json = (await res.json()) as T & { success: boolean; errorCode: number }
    if (!json.success) throw new Error(`${path} errorCode ${json.errorCode}`)
    return json
  }

  async searchAccounts(onlyActive: boolean, opts?: CallOptions): Promise<Account[]> {
    return (await this.post<{ accounts: PxAccount[] }>(PX_PATHS.searchAccounts, { onlyActiveAccounts: onlyActive }, opts)).accounts.map(accountFromWire)
  }
  async searchOpenPositions(accountId: number, opts?: CallOptions): Promise<Position[]> {
    return (await this.post<{ positions: PxPosition[] }>(PX_PATHS.searchOpenPositions, { accountId }, opts)).positions.map((p) => positionFromWire(p))
  }
  async searchOpenOrders(accountId: number, opts?: CallOptions): Promise<Order[]> {
    return (await this.post<{ orders: PxOrder[] }>(PX_PATHS.searchOpenOrders, { accountId }, opts)).orders.map((o) => orderFromWire(o))
  }
  async searchOrders(accountId: number, startIso: string, endIso?: string, opts?: CallOptions): Promise<Order[]> {
    return (await this.post<{ orders: PxOrder[] }>(PX_PATHS.searchOrders, { accountId, startTimestamp: startIso, endTimestamp: endIso ?? null }, opts)).orders.map((o) => orderFromWire(o))
  }
  async searchOrderById(accountId: number, orderId: number, opts?: CallOptions): Promise<Order | null> {
    const { order } = await this.post<{ order: PxOrder | null }>(PX_PATHS.searchOrderById, { accountId, orderId }, opts)
    return order === null ? null : orderFromWire(order)
  }
  async searchTrades(accountId: number, startIso: string, endIso?: string, opts?: CallOptions): Promise<Fill[]> {
    return (await this.post<{ trades: PxTrade[] }>(PX_PATHS.searchTrades, { accountId, startTimestamp: startIso, endTimestamp: endIso ?? null }, opts)).trades.map((t) => fillFromWire(t))
  }
  async retrieveBars(request: RetrieveBarsRequest, opts?: CallOptions): Promise<PxBar[]> {
    return (await this.post<{ bars: PxBar[] }>(PX_PATHS.retrieveBars, request, opts)).bars
  }
  searchContractById(): Promise<PxContract | null> {
    return Promise.resolve(null)
  }
  availableContracts(): Promise<PxContract[]> {
    return Promise.resolve([])
  }
  private unsupported(): Promise<WriteOutcome> {
    return Promise.resolve({ kind: 'failed', reason: 'read-only test client', retryable: false })
  }
  placeOrder(): Promise<WriteOutcome> {
    return this.unsupported()
  }
  modifyOrder(): Promise<WriteOutcome> {
    return this.unsupported()
  }
  cancelOrder(): Promise<WriteOutcome> {
    return this.unsupported()
  }
  closePosition(): Promise<WriteOutcome> {
    return this.unsupported()
  }
  partialClosePosition(): Promise<WriteOutcome> {
    return this.unsupported()
  }
}
