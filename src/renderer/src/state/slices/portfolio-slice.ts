// Portfolio state: accounts, open positions and working orders, each its own field so a price tick
// (positions) does not re-render the account switcher or the orders table. Lists that did not change
// keep their old reference.
import type { StateCreator } from 'zustand'
import type { AccountView, OrderView, PortfolioSnapshot, PositionView } from '../../../../shared/domain/portfolio'
import type { TiltguardState } from '../store'
import { keepIfSame } from './same'

export interface PortfolioSlice {
  /** False until the first snapshot arrives (loading state). */
  readonly portfolioLoaded: boolean
  readonly accounts: readonly AccountView[]
  readonly positions: readonly PositionView[]
  /** The day's orders as the engine sends them (working ones are selected by status). */
  readonly orders: readonly OrderView[]
  setPortfolio(portfolio: PortfolioSnapshot): void
}

export const createPortfolioSlice: StateCreator<TiltguardState, [], [], PortfolioSlice> = (set) => ({
  portfolioLoaded: false,
  accounts: [],
  positions: [],
  orders: [],
  setPortfolio: (p) =>
    set((s) => ({
      portfolioLoaded: true,
      accounts: keepIfSame(s.accounts, p.accounts),
      positions: keepIfSame(s.positions, p.positions),
      orders: keepIfSame(s.orders, p.orders),
    })),
})
