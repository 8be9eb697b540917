// Selectors shared by several panels. Each returns a value that keeps its reference while its inputs
// do, so components re-render only when what they show changes.
import { useShallow } from 'zustand/react/shallow'
import { WORKING_ORDER_STATUSES, type OrderStatus } from '../../../shared/projectx/enums'
import type { AccountView, OrderView } from '../../../shared/domain/portfolio'
import type { AccountRiskView } from '../../../shared/domain/risk'
import type { TiltguardState } from './store'
import { useTiltguardStore } from './store'

/** What the header shows for one account; SHADOW is a display state over the engine's status. */
export type AccountDisplayStatus = AccountRiskView['status'] | 'SHADOW' | 'UNKNOWN'

export function displayStatus(risk: AccountRiskView | undefined): AccountDisplayStatus {
  if (risk === undefined) return 'UNKNOWN'
  // LOCKED and HALTED outrank shadow: the trader must see them even when nothing is enforced.
  if (risk.shadow && (risk.status === 'ACTIVE' || risk.status === 'WARNING')) return 'SHADOW'
  return risk.status
}

/** The account the panels show: the selected one, else the first. */
export function selectCurrentAccountId(s: TiltguardState): number | null {
  if (s.selectedAccountId !== null && s.accounts.some((a) => a.id === s.selectedAccountId)) return s.selectedAccountId
  const first = s.accounts[0]?.id
  if (first !== undefined) return first
  const key = Object.keys(s.riskByAccount)[0]
  return key === undefined ? null : Number(key)
}

export function useCurrentAccountId(): number | null {
  return useTiltguardStore(selectCurrentAccountId)
}

const workingCache = new WeakMap<readonly OrderView[], readonly OrderView[]>()
/** Working orders only (the snapshot carries the day's filled and cancelled ones too). */
export function selectWorkingOrders(s: TiltguardState): readonly OrderView[] {
  let out = workingCache.get(s.orders)
  if (out === undefined) {
    out = s.orders.filter((o) => WORKING_ORDER_STATUSES.includes(o.status as OrderStatus))
    workingCache.set(s.orders, out)
  }
  return out
}

const namesCache = new WeakMap<readonly AccountView[], ReadonlyMap<number, AccountView>>()
/** Accounts by id, for naming them everywhere the same way. */
export function selectAccountsById(s: TiltguardState): ReadonlyMap<number, AccountView> {
  let out = namesCache.get(s.accounts)
  if (out === undefined) {
    out = new Map(s.accounts.map((a) => [a.id, a]))
    namesCache.set(s.accounts, out)
  }
  return out
}

/** The ids of every account known from the portfolio or the risk view, in portfolio order. */
export function useAccountIds(): readonly number[] {
  return useTiltguardStore(
    useShallow((s) => {
      const ids = s.accounts.map((a) => a.id)
      for (const key of Object.keys(s.riskByAccount)) if (!ids.includes(Number(key))) ids.push(Number(key))
      return ids
    }),
  )
}
