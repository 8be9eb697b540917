// Test-only in-memory gateway for the orders layer: positions, orders, duplicate-tag rejection, lost replies.

import type { CallOptions, GatewayRest, WriteOutcome } from '../../../src/main/ports/gateway'
import type { ManualClock } from '../../fakes/manual-clock'
import type { ModifyOrderRequest, PlaceOrderRequest } from '../../../src/shared/projectx/endpoints'
import type { Order, Position } from '../../../src/main/portfolio/model'
import { order as domainOrder } from '../sync/fixtures'

/** What happens to one write: delivered normally, lost before the server commits, or lost after. */
export type WriteFault = 'none' | 'drop-before' | 'drop-after'

export interface RecordedCall {
  readonly method: string
  readonly args: readonly unknown[]
  readonly opts: CallOptions | undefined
}

/** The fake's server-side records: the gateway changes them in place (a cancel, a partial close). */
type ServerRecord<T> = { -readonly [K in keyof T]: T[K] }

const yieldTurn = async (): Promise<void> => {
  for (let i = 0; i < 3; i++) await Promise.resolve()
}

export class FakeGateway implements GatewayRest {
  readonly positions: ServerRecord<Position>[] = []
  readonly orders: ServerRecord<Order>[] = []
  readonly calls: RecordedCall[] = []
  /** Accounts where Order/cancel answers code 6 "Live accounts not supported". */
  readonly liveAccounts = new Set<number>()
  placeFault: (request: PlaceOrderRequest, n: number) => WriteFault = () => 'none'
  closeFault: (n: number) => WriteFault = () => 'none'
  /** Hook run after every successful close (e.g. a leftover stop filling). */
  afterClose: () => void = () => undefined
  private nextOrderId = 9000
  private placeCount = 0
  private closeCount = 0

  constructor(private readonly clock: ManualClock) {}

  addPosition(accountId: number, contractId: string, size: number, type: 1 | 2 = 1): void {
    this.positions.push({ id: this.positions.length + 1, accountId, contractId, contractDisplayName: null, openedAt: this.clock.now(), type, size, averagePrice: 100 })
  }

  addOrder(accountId: number, contractId: string, patch: Partial<Order> = {}): Order {
    // A working stop sell of one contract unless patched: the kind of resting order flatten must cancel.
    const order: ServerRecord<Order> = domainOrder({
      id: this.nextOrderId++,
      accountId,
      contractId,
      createdAt: this.clock.now(),
      updatedAt: null,
      type: 4,
      side: 1,
      size: 1,
      limitPrice: null,
      fillVolume: null,
      ...patch,
    })
    this.orders.push(order)
    return order
  }

  count(method: string): number {
    return this.calls.filter((c) => c.method === method).length
  }

  sizeOf(accountId: number, contractId: string): number {
    return this.positions.filter((p) => p.accountId === accountId && p.contractId === contractId).reduce((s, p) => s + p.size, 0)
  }

  private record(method: string, opts: CallOptions | undefined, ...args: unknown[]): void {
    this.calls.push({ method, args, opts })
  }

  async placeOrder(request: PlaceOrderRequest, opts?: CallOptions): Promise<WriteOutcome> {
    this.record('placeOrder', opts, request)
    await yieldTurn()
    const fault = this.placeFault(request, this.placeCount++)
    if (fault === 'drop-before') return { kind: 'uncertain', reason: 'timeout' }
    if (request.customTag && this.orders.some((o) => o.accountId === request.accountId && o.customTag === request.customTag)) {
      return { kind: 'rejected', errorCode: 2, errorName: 'OrderRejected', message: 'Duplicate customTag', orderId: null }
    }
    const order = this.addOrder(request.accountId, request.contractId, { type: request.type, side: request.side, size: request.size, customTag: request.customTag ?? null })
    if (fault === 'drop-after') return { kind: 'uncertain', reason: 'socket reset' }
    return { kind: 'ok', orderId: order.id }
  }

  async modifyOrder(request: ModifyOrderRequest, opts?: CallOptions): Promise<WriteOutcome> {
    this.record('modifyOrder', opts, request)
    const order = this.orders.find((o) => o.id === request.orderId)
    if (!order) return { kind: 'rejected', errorCode: 2, errorName: 'OrderNotFound', message: null, orderId: null }
    if (request.size != null) order.size = request.size
    if (request.stopPrice != null) order.stopPrice = request.stopPrice
    return { kind: 'ok', orderId: order.id }
  }

  async cancelOrder(accountId: number, orderId: number, opts?: CallOptions): Promise<WriteOutcome> {
    this.record('cancelOrder', opts, accountId, orderId)
    await yieldTurn()
    if (this.liveAccounts.has(accountId)) return { kind: 'rejected', errorCode: 6, errorName: 'AccountRejected', message: 'Live accounts not supported', orderId: null }
    const order = this.orders.find((o) => o.id === orderId && o.accountId === accountId)
    if (!order || order.status !== 1) return { kind: 'rejected', errorCode: 2, errorName: 'OrderNotFound', message: null, orderId: null }
    order.status = 3
    return { kind: 'ok', orderId: null }
  }

  async closePosition(accountId: number, contractId: string, opts?: CallOptions): Promise<WriteOutcome> {
    this.record('closePosition', opts, accountId, contractId)
    await yieldTurn()
    const fault = this.closeFault(this.closeCount++)
    if (fault === 'drop-before') return { kind: 'uncertain', reason: 'timeout' }
    const before = this.positions.length
    this.removePositions(accountId, contractId)
    if (this.positions.length === before) return { kind: 'rejected', errorCode: 2, errorName: 'PositionNotFound', message: null, orderId: null }
    this.afterClose()
    return fault === 'drop-after' ? { kind: 'uncertain', reason: 'socket reset' } : { kind: 'ok', orderId: null }
  }

  async partialClosePosition(accountId: number, contractId: string, size: number, opts?: CallOptions): Promise<WriteOutcome> {
    this.record('partialClosePosition', opts, accountId, contractId, size)
    await yieldTurn()
    const position = this.positions.find((p) => p.accountId === accountId && p.contractId === contractId)
    if (!position) return { kind: 'rejected', errorCode: 2, errorName: 'PositionNotFound', message: null, orderId: null }
    if (size > position.size || size <= 0) return { kind: 'rejected', errorCode: 5, errorName: 'InvalidCloseSize', message: null, orderId: null }
    position.size -= size
    if (position.size === 0) this.removePositions(accountId, contractId)
    return { kind: 'ok', orderId: null }
  }

  private removePositions(accountId: number, contractId: string): void {
    for (let i = this.positions.length - 1; i >= 0; i--) {
      const p = this.positions[i]
      if (p && p.accountId === accountId && p.contractId === contractId) this.positions.splice(i, 1)
    }
  }

  async searchOpenPositions(accountId: number, opts?: CallOptions): Promise<Position[]> {
    this.record('searchOpenPositions', opts, accountId)
    await yieldTurn()
    return this.positions.filter((p) => p.accountId === accountId).map((p) => ({ ...p }))
  }

  async searchOpenOrders(accountId: number, opts?: CallOptions): Promise<Order[]> {
    this.record('searchOpenOrders', opts, accountId)
    return this.orders.filter((o) => o.accountId === accountId && o.status === 1).map((o) => ({ ...o }))
  }

  async searchOrders(accountId: number, startIso: string, endIso?: string, opts?: CallOptions): Promise<Order[]> {
    this.record('searchOrders', opts, accountId, startIso, endIso)
    const start = Date.parse(startIso)
    const end = endIso ? Date.parse(endIso) : Number.POSITIVE_INFINITY
    return this.orders.filter((o) => o.accountId === accountId && o.createdAt >= start && o.createdAt <= end).map((o) => ({ ...o }))
  }

  async searchOrderById(accountId: number, orderId: number, opts?: CallOptions): Promise<Order | null> {
    this.record('searchOrderById', opts, accountId, orderId)
    const order = this.orders.find((o) => o.id === orderId && o.accountId === accountId)
    return order ? { ...order } : null
  }

  async searchAccounts(): Promise<never> {
    throw new Error('not used')
  }
  async searchTrades(): Promise<never> {
    throw new Error('not used')
  }
  async retrieveBars(): Promise<never> {
    throw new Error('not used')
  }
  async searchContractById(): Promise<never> {
    throw new Error('not used')
  }
  async availableContracts(): Promise<never> {
    throw new Error('not used')
  }
}

/** Advances the ManualClock in steps until `promise` settles (bounded). */
export async function settle<T>(clock: ManualClock, promise: Promise<T>, stepMs = 250, maxMs = 600_000): Promise<T> {
  let done = false
  const tracked = promise.finally(() => {
    done = true
  })
  tracked.catch(() => undefined)
  for (let waited = 0; !done && waited <= maxMs; waited += stepMs) await clock.advanceAsync(stepMs)
  return tracked
}
