// Collects the RECON-6 AccountDiff while the mirror applies one REST snapshot: sorts each entity into
// added, removed or modified, and totals the net P&L of the fills the mirror had missed.

import type { PxAccount, PxOrder, PxPosition, PxTrade } from '../../shared/projectx/models'
import { isWorkingStatus } from './order-update'
import type { AccountDiff, FieldChange } from './mirror-types'
import { diffFields } from './field-util'

/** Realized P&L of one fill net of costs; opening fills carry no profitAndLoss. */
export function netPnl(t: PxTrade): number {
  if (t.voided) return 0
  return (t.profitAndLoss ?? 0) - t.fees - (t.commissions ?? 0)
}

interface Modified<T> {
  readonly before: T
  readonly after: T
  readonly fields: FieldChange[]
}

/** Fed by the mirror as it applies a snapshot, in apply order; `build` returns the finished diff. */
export class AccountDiffBuilder {
  private accountChange: AccountDiff['account'] = null
  private readonly positions = { added: [] as PxPosition[], removed: [] as PxPosition[], modified: [] as Modified<PxPosition>[] }
  private readonly orders = { added: [] as PxOrder[], removed: [] as PxOrder[], modified: [] as Modified<PxOrder>[] }
  private readonly newTrades: PxTrade[] = []

  constructor(private readonly accountId: number) {}

  /** Records the snapshot's account record; false when it equals the held one (nothing to apply). */
  account(before: PxAccount | null, after: PxAccount): boolean {
    const fields = diffFields(before ?? ({} as PxAccount), after)
    if (fields.length === 0) return false
    this.accountChange = { before, after, fields }
    return true
  }

  /** Records a listed position (`after` already merged); false when it equals the held one. */
  position(before: PxPosition | null, after: PxPosition): boolean {
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
  positionClosed(p: PxPosition): void {
    this.positions.removed.push(p)
  }

  /**
   * Records an order update the mirror accepted. A locally-working order that the snapshot does not
   * list as open and that is no longer working counts as removed (it closed while we were not looking).
   */
  order(before: PxOrder | null, after: PxOrder, listedOpen: boolean): void {
    if (before === null) this.orders.added.push(after)
    else if (!listedOpen && isWorkingStatus(before.status) && !isWorkingStatus(after.status)) this.orders.removed.push(after)
    else {
      const fields = diffFields(before, after)
      if (fields.length > 0) this.orders.modified.push({ before, after, fields })
    }
  }

  /** A working order the gateway lists in neither search, now held with status None (RECON-5). */
  orderVanished(after: PxOrder): void {
    this.orders.removed.push(after)
  }

  /** A fill the mirror had not seen (already de-duplicated, FILL-1). */
  trade(t: PxTrade): void {
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
