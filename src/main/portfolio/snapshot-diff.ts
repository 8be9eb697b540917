// Collects the RECON-6 AccountDiff while the mirror applies one REST snapshot: sorts each entity into
// added, removed or modified, and totals the net P&L of the fills the mirror had missed.

import type { Account, Fill, Order, Position } from './model'
import { isWorkingStatus } from './order-update'
import type { AccountDiff, FieldChange } from './mirror-types'
import { diffFields } from './field-util'

/** Realized P&L of one fill net of costs; opening fills carry no profitAndLoss. */
export function netPnl(t: Fill): number {
  if (t.voided) return 0
  return (t.profitAndLoss ?? 0) - t.fees - t.commissions
}

interface Modified<T> {
  readonly before: T
  readonly after: T
  readonly fields: FieldChange[]
}

/** Fed by the mirror as it applies a snapshot, in apply order; `build` returns the finished diff. */
export class AccountDiffBuilder {
  private accountChange: AccountDiff['account'] = null
  private readonly positions = { added: [] as Position[], removed: [] as Position[], modified: [] as Modified<Position>[] }
  private readonly orders = { added: [] as Order[], removed: [] as Order[], modified: [] as Modified<Order>[] }
  private readonly newTrades: Fill[] = []

  constructor(private readonly accountId: number) {}

  /** Records the snapshot's account record; false when it equals the held one (nothing to apply). */
  account(before: Account | null, after: Account): boolean {
    const fields = diffFields(before ?? ({} as Account), after)
    if (fields.length === 0) return false
    this.accountChange = { before, after, fields }
    return true
  }

  /** Records a listed position (`after` already merged); false when it equals the held one. */
  position(before: Position | null, after: Position): boolean {
    if (before === null) {
      this.positions.added.push(after)
      return true
    }
    const fields = diffFields(before, after)
    if (fields.length === 0) return false
    this.positions.modified.push({ before, after, fields })
    return true
  }

  /** A held position the snapshot no longer lists: it closed (RECON-5). */
  positionClosed(p: Position): void {
    this.positions.removed.push(p)
  }

  /**
   * Records an order update the mirror accepted. A locally-working order that the snapshot does not
   * list as open and that is no longer working counts as removed (it closed while we were not looking).
   */
  order(before: Order | null, after: Order, listedOpen: boolean): void {
    if (before === null) this.orders.added.push(after)
    else if (!listedOpen && isWorkingStatus(before.status) && !isWorkingStatus(after.status)) this.orders.removed.push(after)
    else {
      const fields = diffFields(before, after)
      if (fields.length > 0) this.orders.modified.push({ before, after, fields })
    }
  }

  /** A working order the gateway lists in neither search, now held with status None (RECON-5). */
  orderVanished(after: Order): void {
    this.orders.removed.push(after)
  }

  /** A fill the mirror had not seen (already de-duplicated, FILL-1). */
  trade(t: Fill): void {
    this.newTrades.push(t)
  }

  build(): AccountDiff {
    return {
      accountId: this.accountId,
      account: this.accountChange,
      positions: this.positions,
      orders: this.orders,
      newTrades: this.newTrades,
      missedPnlUsd: this.newTrades.reduce((sum, t) => sum + netPnl(t), 0),
    }
  }
}
