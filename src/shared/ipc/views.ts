// Composite payloads of the contract.

import type { HealthSnapshot } from '../domain/health'
import type { PortfolioSnapshot } from '../domain/portfolio'
import type { SessionInfo } from '../domain/session'
import type { FillView, RiskSnapshot } from '../domain/risk'

export interface AuditEntryView {
  readonly id: number
  readonly at: number
  readonly category: 'session' | 'connection' | 'enforcement' | 'order' | 'settings' | 'system'
  readonly severity: 'info' | 'warning' | 'critical'
  readonly message: string
  readonly accountId: number | null
  /** Rule the row is about (breaches, lockouts, enforcement), null otherwise. */
  readonly ruleId: string | null
  /** Enforcement latency (event received → verified), when the row is about an action. */
  readonly latencyMs: number | null
  /** Recorded in shadow mode: nothing was sent. */
  readonly shadow: boolean
}

export interface DashboardSnapshot {
  readonly health: HealthSnapshot
  readonly session: SessionInfo
  readonly portfolio: PortfolioSnapshot
  /** The newest audit entries, newest first. */
  readonly audit: readonly AuditEntryView[]
  readonly risk: RiskSnapshot
  /** Today's fills, newest first. */
  readonly fills: readonly FillView[]
  /** The engine's push sequence at the moment of this snapshot: pushes with seq ≤ this are already in it. */
  readonly seq: number
}
