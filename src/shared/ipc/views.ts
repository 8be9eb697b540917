// Composite payloads of the contract.

import type { HealthSnapshot } from '../domain/health'
import type { PortfolioSnapshot } from '../domain/portfolio'
import type { SessionInfo } from '../domain/session'

export interface AuditEntryView {
  readonly id: number
  readonly at: number
  readonly category: 'session' | 'connection' | 'enforcement' | 'order' | 'settings' | 'system'
  readonly severity: 'info' | 'warning' | 'critical'
  readonly message: string
  readonly accountId: number | null
}

export interface DashboardSnapshot {
  readonly health: HealthSnapshot
  readonly session: SessionInfo
  readonly portfolio: PortfolioSnapshot
  /** The newest audit entries, newest first. */
  readonly audit: readonly AuditEntryView[]
}
