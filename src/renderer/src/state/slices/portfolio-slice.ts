// Portfolio state: accounts, positions and working orders as the engine last reported them.
import type { StateCreator } from 'zustand'
import type { PortfolioSnapshot } from '../../../../shared/domain/portfolio'
import type { TiltguardState } from '../store'

export interface PortfolioSlice {
  readonly portfolio: PortfolioSnapshot | null
  setPortfolio(portfolio: PortfolioSnapshot): void
}

export const createPortfolioSlice: StateCreator<TiltguardState, [], [], PortfolioSlice> = (set) => ({
  portfolio: null,
  setPortfolio: (portfolio) => set({ portfolio }),
})
