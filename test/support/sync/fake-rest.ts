// An in-memory GatewayRest for sync tests: server-side state the test mutates, latency on the injected
// clock, scripted failures, and a log of every call with its options.

import type { Clock } from '../../../src/main/ports/clock'
import type { CallOptions, GatewayRest, WriteOutcome } from '../../../src/main/ports/gateway'
import type { RetrieveBarsRequest } from '../../../src/shared/projectx/endpoints'
import type { PxBar } from '../../../src/shared/projectx/models'
import type { Account, Fill, Order, Position } from '../../../src/main/portfolio/model'
import { parseGatewayTime } from '../../../src/main/gateway/wire/to-domain'

export interface RecordedCall {
  readonly method: string
  readonly accountId: number | null
  readonly at: number
  readonly opts: CallOptions | undefined
  readonly args: readonly unknown[]
}

export class FakeRest implements GatewayRest {
  accounts: Account[] = []
  positions: Position[] = []
  orders: Order[] = []
  trades: Fill[] = []
  bars = new Map<string, PxBar[]>()
  readonly calls: RecordedCall[] = []
  /** Latency applied to every read, on the injected clock. */
  latencyMs = 0
  /** Method name → how many upcoming calls fail. */
  readonly failures = new Map<string, number>()
  /** When set, every call fails with this error. */
  failAll: Error | null = null
  /** Calls never resolve (aborts/timeouts must end them). */
  hang = false
  inFlight = 0
  maxInFlight = 0

  constructor(private readonly clock: Clock) {}

  searchAccounts(onlyActive: boolean, opts?: CallOptions): Promise<Account[]> {
    return this.read('searchAccounts', null, opts, [onlyActive], () => this.accounts.map((a) => ({ ...a })))
  }
  searchOpenPositions(accountId: number, opts?: CallOptions): Promise<Position[]> {
    return this.read('searchOpenPositions', accountId, opts, [], () => this.positions.filter((p) => p.accountId === accountId && p.size > 0).map((p) => ({ ...p })))
  }
  searchOpenOrders(accountId: number, opts?: CallOptions): Promise<Order[]> {
    // Like the gateway: working orders only, Suspended bracket children excluded.
    return this.read('searchOpenOrders', accountId, opts, [], () => this.orders.filter((o) => o.accountId === accountId && [1, 6, 7].includes(o.status)).map((o) => ({ ...o })))
  }
  searchOrders(accountId: number, startIso: string, endIso?: string, opts?: CallOptions): Promise<Order[]> {
    return this.read('searchOrders', accountId, opts, [startIso, endIso], () =>
      this.orders.filter((o) => o.accountId === accountId && inWindow(o.createdAt, startIso, endIso)).map((o) => ({ ...o })),
    )
  }
  searchOrderById(accountId: number, orderId: number, opts?: CallOptions): Promise<Order | null> {
    return this.read('searchOrderById', accountId, opts, [orderId], () => this.orders.find((o) => o.id === orderId) ?? null)
  }
  searchTrades(accountId: number, startIso: string, endIso?: string, opts?: CallOptions): Promise<Fill[]> {
    return this.read('searchTrades', accountId, opts, [startIso, endIso], () =>
      this.trades.filter((t) => t.accountId === accountId && inWindow(t.executedAt, startIso, endIso)).map((t) => ({ ...t })),
    )
  }
  retrieveBars(request: RetrieveBarsRequest, opts?: CallOptions): Promise<PxBar[]> {
    return this.read('retrieveBars', null, opts, [request], () => this.bars.get(request.contractId) ?? [])
  }
  searchContractById(): Promise<null> {
    return Promise.resolve(null)
  }
  availableContracts(): Promise<[]> {
    return Promise.resolve([])
  }
  placeOrder(): Promise<WriteOutcome> {
    return Promise.resolve({ kind: 'failed', reason: 'not in fake', retryable: false })
  }
  modifyOrder(): Promise<WriteOutcome> {
    return this.placeOrder()
  }
  cancelOrder(): Promise<WriteOutcome> {
    return this.placeOrder()
  }
  closePosition(): Promise<WriteOutcome> {
    return this.placeOrder()
  }
  partialClosePosition(): Promise<WriteOutcome> {
    return this.placeOrder()
  }

  count(method: string, accountId?: number): number {
    return this.calls.filter((c) => c.method === method && (accountId === undefined || c.accountId === accountId)).length
  }

  private read<T>(method: string, accountId: number | null, opts: CallOptions | undefined, args: readonly unknown[], produce: () => T): Promise<T> {
    this.calls.push({ method, accountId, at: this.clock.now(), opts, args })
    this.inFlight++
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight)
    let settled = false
    const done = (): boolean => {
      if (settled) return false
      settled = true
      this.inFlight--
      return true
    }
    const left = this.failures.get(method) ?? 0
    const failure = this.failAll ?? (left > 0 ? new Error(`${method} failed (scripted)`) : null)
    if (left > 0) this.failures.set(method, left - 1)
    return new Promise<T>((resolve, reject) => {
      opts?.signal?.addEventListener('abort', () => {
        if (done()) reject(new Error('aborted'))
      })
      if (this.hang) return
      const finish = (): void => {
        if (!done()) return
        if (failure) reject(failure)
        else resolve(produce())
      }
      if (this.latencyMs > 0) this.clock.setTimeout(finish, this.latencyMs)
      else queueMicrotask(finish)
    })
  }
}

function inWindow(t: number, startIso: string, endIso: string | undefined): boolean {
  return t >= (parseGatewayTime(startIso) ?? 0) && (endIso === undefined || t <= (parseGatewayTime(endIso) ?? Infinity))
}
