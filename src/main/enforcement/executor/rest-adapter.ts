// Adapters the engine wiring uses: the EnforcementGateway over the existing GatewayRest port (every call
// on the enforcement lane, which bypasses open breakers and is never dropped), and a LockoutSink over the
// durable LockoutStore. ProjectX closeContract/cancel/modify take no customTag, so for those the tag
// is the correlation id of the log lines; Order/place carries it to the gateway.
import type { Clock } from '../../ports/clock'
import { PRIORITY } from '../../ports/gateway'
import type { GatewayRest, WriteOutcome } from '../../ports/gateway'
import type { LockoutStore } from '../../ports/risk-store'
import type { Lockout, LockoutScope } from '../../risk/plan'
import { OrderSide, OrderType } from '../../../shared/projectx/enums'
import type { EnforcementGateway, GatewayWriteResult, LockoutSink, OpenOrder, OpenPosition, StopRequest } from './ports'

export function toWriteResult(outcome: WriteOutcome): GatewayWriteResult {
  switch (outcome.kind) {
    case 'ok':
      return { kind: 'ok', orderId: outcome.orderId }
    case 'rejected':
      return { kind: 'rejected', code: outcome.errorCode, message: outcome.message ?? outcome.errorName }
    case 'uncertain':
      return { kind: 'timeout', reason: outcome.reason }
    case 'failed':
      // A non-retryable transport failure (400/403/404) cannot succeed by resending: report it as refused.
      return outcome.retryable ? { kind: 'retryable', status: null, reason: outcome.reason } : { kind: 'rejected', code: -1, message: outcome.reason }
  }
}

export interface RestAdapterOptions {
  readonly closeTimeoutMs: number
  readonly placeTimeoutMs: number
}

export class RestEnforcementGateway implements EnforcementGateway {
  constructor(
    private readonly rest: GatewayRest,
    private readonly options: RestAdapterOptions = { closeTimeoutMs: 5_000, placeTimeoutMs: 10_000 },
  ) {}

  private opts(tag: string, timeoutMs = this.options.closeTimeoutMs) {
    return { priority: PRIORITY.enforcement, timeoutMs, correlationId: tag }
  }

  async closePosition(accountId: number, contractId: string, tag: string): Promise<GatewayWriteResult> {
    return toWriteResult(await this.rest.closePosition(accountId, contractId, this.opts(tag)))
  }
  async partialClose(accountId: number, contractId: string, size: number, tag: string): Promise<GatewayWriteResult> {
    return toWriteResult(await this.rest.partialClosePosition(accountId, contractId, size, this.opts(tag)))
  }
  async cancelOrder(accountId: number, orderId: number, tag: string): Promise<GatewayWriteResult> {
    return toWriteResult(await this.rest.cancelOrder(accountId, orderId, this.opts(tag)))
  }
  async placeStop(accountId: number, stop: StopRequest, tag: string): Promise<GatewayWriteResult> {
    const request = {
      accountId,
      contractId: stop.contractId,
      type: OrderType.Stop,
      side: stop.side === 'buy' ? OrderSide.Bid : OrderSide.Ask,
      size: stop.size,
      stopPrice: stop.stopPrice,
      customTag: tag,
    }
    return toWriteResult(await this.rest.placeOrder(request, this.opts(tag, this.options.placeTimeoutMs)))
  }
  async modifyStop(accountId: number, orderId: number, stopPrice: number, tag: string): Promise<GatewayWriteResult> {
    return toWriteResult(await this.rest.modifyOrder({ accountId, orderId, stopPrice }, this.opts(tag)))
  }
  async searchOpenPositions(accountId: number): Promise<readonly OpenPosition[]> {
    const positions = await this.rest.searchOpenPositions(accountId, { priority: PRIORITY.enforcement })
    return positions.map((p) => ({ contractId: p.contractId, size: Math.abs(p.size) }))
  }
  async searchOpenOrders(accountId: number): Promise<readonly OpenOrder[]> {
    const orders = await this.rest.searchOpenOrders(accountId, { priority: PRIORITY.enforcement })
    return orders.map((o) => ({ orderId: o.id, contractId: o.contractId, customTag: o.customTag, stopPrice: o.stopPrice }))
  }
}

/** Lockout actions land in the durable store (synchronous write, DB-1); clears are attributed to the rule. */
export class StoreLockoutSink implements LockoutSink {
  constructor(
    private readonly store: LockoutStore,
    private readonly clock: Clock,
    private readonly onChange?: (change: { kind: 'set'; lockout: Lockout } | { kind: 'cleared'; accountId: number; ruleId: string; scope: LockoutScope }) => void,
  ) {}

  setLockout(lockout: Lockout): void {
    this.store.save(lockout)
    this.onChange?.({ kind: 'set', lockout })
  }

  clearLockout(accountId: number, ruleId: string, scope: LockoutScope): void {
    if (this.store.clear(accountId, ruleId, scope, 'RULE', 'cleared by plan', this.clock.now())) this.onChange?.({ kind: 'cleared', accountId, ruleId, scope })
  }
}
