// An in-memory EnforcementGateway for executor tests: positions and orders per account, scripted write
// results, optional held writes (to observe concurrency) and a log of every call.
import type { EnforcementGateway, GatewayWriteResult, OpenOrder, OpenPosition, StopRequest } from '../../../src/main/enforcement/executor/ports'

export interface FakeCall {
  readonly op: string
  readonly accountId: number
  readonly target: string
  readonly tag: string | null
}

export class FakeEnforcementGateway implements EnforcementGateway {
  readonly calls: FakeCall[] = []
  readonly positions = new Map<number, OpenPosition[]>()
  readonly orders = new Map<number, OpenOrder[]>()
  /** Results returned (and consumed) before the default behaviour; a 'timeout' with apply=true still applies. */
  readonly script: Array<{ result: GatewayWriteResult; apply: boolean }> = []
  /** When set, writes wait on this gate before resolving (lets tests see what is in flight). */
  gate: Promise<void> | null = null
  /** Closes that are accepted but never take effect (a stuck position). */
  stuck = new Set<string>()
  private nextOrderId = 900

  setPositions(accountId: number, positions: OpenPosition[]): void {
    this.positions.set(accountId, positions)
  }
  setOrders(accountId: number, orders: Array<Partial<OpenOrder> & { orderId: number }>): void {
    this.orders.set(accountId, orders.map((o) => ({ contractId: 'CON.F.US.MNQ.Z26', customTag: null, stopPrice: null, ...o })))
  }
  writes(op?: string): FakeCall[] {
    return this.calls.filter((c) => !c.op.startsWith('search') && (op === undefined || c.op === op))
  }

  async searchOpenPositions(accountId: number): Promise<readonly OpenPosition[]> {
    this.calls.push({ op: 'searchPositions', accountId, target: '', tag: null })
    return Promise.resolve([...(this.positions.get(accountId) ?? [])])
  }
  async searchOpenOrders(accountId: number): Promise<readonly OpenOrder[]> {
    this.calls.push({ op: 'searchOrders', accountId, target: '', tag: null })
    return Promise.resolve([...(this.orders.get(accountId) ?? [])])
  }
  closePosition(accountId: number, contractId: string, tag: string): Promise<GatewayWriteResult> {
    return this.write('close', accountId, contractId, tag, () => {
      if (this.stuck.has(contractId)) return
      this.positions.set(accountId, (this.positions.get(accountId) ?? []).filter((p) => p.contractId !== contractId))
    })
  }
  partialClose(accountId: number, contractId: string, size: number, tag: string): Promise<GatewayWriteResult> {
    return this.write('partial', accountId, `${contractId}:${size}`, tag, () => {
      const list = (this.positions.get(accountId) ?? []).map((p) => (p.contractId === contractId ? { ...p, size: p.size - size } : p))
      this.positions.set(accountId, list.filter((p) => p.size > 0))
    })
  }
  cancelOrder(accountId: number, orderId: number, tag: string): Promise<GatewayWriteResult> {
    return this.write('cancel', accountId, String(orderId), tag, () => {
      this.orders.set(accountId, (this.orders.get(accountId) ?? []).filter((o) => o.orderId !== orderId))
    })
  }
  placeStop(accountId: number, stop: StopRequest, tag: string): Promise<GatewayWriteResult> {
    return this.write('placeStop', accountId, stop.contractId, tag, () => {
      const order: OpenOrder = { orderId: this.nextOrderId++, contractId: stop.contractId, customTag: tag, stopPrice: stop.stopPrice }
      this.orders.set(accountId, [...(this.orders.get(accountId) ?? []), order])
    })
  }
  modifyStop(accountId: number, orderId: number, stopPrice: number, tag: string): Promise<GatewayWriteResult> {
    return this.write('modifyStop', accountId, String(orderId), tag, () => {
      this.orders.set(accountId, (this.orders.get(accountId) ?? []).map((o) => (o.orderId === orderId ? { ...o, stopPrice } : o)))
    })
  }

  private async write(op: string, accountId: number, target: string, tag: string, apply: () => void): Promise<GatewayWriteResult> {
    this.calls.push({ op, accountId, target, tag })
    if (this.gate !== null) await this.gate
    const scripted = this.script.shift()
    if (scripted !== undefined) {
      if (scripted.apply) apply()
      return scripted.result
    }
    apply()
    return { kind: 'ok', orderId: null }
  }
}
