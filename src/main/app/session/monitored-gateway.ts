// What code outside one monitored session may use of it: the mode controller, the IPC handlers, the event
// publisher and the dashboard's views. Narrow on purpose: nobody reaches through to the token manager, the
// mirror or the risk runtime, so the session's parts can change without touching the code that uses them.
// A test can stand in for a whole session with a small object of this shape.

import type { GatewayMode, SessionInfo } from '../../../shared/domain/session'
import type { HealthSnapshot } from '../../../shared/domain/health'
import type { PortfolioSnapshot } from '../../../shared/domain/portfolio'
import type { AccountRiskView, FillView, PnlPoint } from '../../../shared/domain/risk'
import type { KillSwitchReport } from '../../../shared/domain/enforcement'
import type { Result } from '../../../shared/errors'
import type { MirrorListener, PortfolioMirror, QuoteEntry } from '../../portfolio'
import type { ContractSpec } from '../../enforcement/feed/contract-catalog'
import type { RiskConfig } from '../../risk'
import type { Lockout, LockoutScope } from '../../risk/plan'
import type { GatewayEndpoints } from '../session-config'

/** The mirror's rows as it holds them; the portfolio room owns their shape. */
export type MirroredPosition = ReturnType<PortfolioMirror['openPositions']>[number]
export type MirroredOrder = ReturnType<PortfolioMirror['workingOrders']>[number]

/** Which gateway this is, signing in and out of it, its health, and the session's own audit rows. */
export interface SessionControls {
  readonly mode: GatewayMode
  readonly endpoints: GatewayEndpoints
  info(): SessionInfo
  /** A token is being served: Tiltguard can act on the accounts now. */
  hasToken(): boolean
  /** KEY-1: tests the key against the gateway and stores it only when it works. */
  signIn(userName: string, apiKey: string): Promise<Result<SessionInfo>>
  signOut(): Promise<SessionInfo>
  forgetCredentials(): Promise<SessionInfo>
  /** Manual retry (RECON-8, KEY-3): re-enables re-login, reconciles now. */
  retryNow(): Promise<void>
  onSessionChange(listener: (info: SessionInfo) => void): () => void
  /** The last health snapshot computed. */
  health(): HealthSnapshot
  /** Recomputes the health snapshot now (the first push of a newly watched session). */
  refreshHealth(): HealthSnapshot
  /** Writes an audit row about this session (e.g. the kill switch being pressed). */
  audit(message: string, at: number, severity?: 'info' | 'warning' | 'critical'): void
}

/** The accounts, positions, orders and prices the session mirrors, and the contracts it knows. */
export interface PortfolioReads {
  accountIds(): number[]
  /** Accounts, positions and orders as the mirror holds them, before prices and names are added. */
  portfolioSnapshot(): PortfolioSnapshot
  openPositions(accountId?: number): readonly MirroredPosition[]
  workingOrders(accountId?: number): readonly MirroredOrder[]
  quote(contractId: string): QuoteEntry | null
  contract(contractId: string): ContractSpec | null
  /** Short name for display; the id itself while the contract is unknown. */
  contractName(contractId: string): string
  /** Every contract whose figures are known. */
  contracts(): ContractSpec[]
  /** Every change of the mirror (entities, quotes, sync signals); returns the unsubscribe function. */
  onPortfolioChange(listener: MirrorListener): () => void
}

/** The risk verdicts, today's fills and P&L, and the actions the trader and the admin take on them. */
export interface RiskControls {
  riskViews(): AccountRiskView[]
  /** Today's fills (each account's trading day in force), newest first. */
  fills(accountId?: number): FillView[]
  fillView(tradeId: number): FillView | null
  pnlSeries(accountId: number): readonly PnlPoint[]
  /** Every lockout in force on any account. */
  activeLockouts(): Lockout[]
  /** Already validated and authorised by the rules service. */
  setRules(config: RiskConfig): void
  /** Kill switch: HALTED until the reset (or indefinitely), enforced continuously (PIPE-5). */
  halt(accountIds: readonly number[], until: 'daily_reset' | 'indefinite', reason: string): void
  unlock(accountId: number, ruleId: string, scope: LockoutScope, reason: string): void
  /** Closes every position, cancels every working order and verifies flat, account by account. */
  flattenAll(accountIds: readonly number[], reason: string): Promise<KillSwitchReport>
}

/** One monitored gateway as everything outside the session sees it. */
export interface MonitoredGateway extends SessionControls, PortfolioReads, RiskControls {}
