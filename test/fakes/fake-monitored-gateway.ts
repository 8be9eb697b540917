// A stand-in for one monitored session, shaped exactly as the handlers and the publisher see it
// (MonitoredGateway): canned reads, and a record of every action asked of it. No gateway, store or timer.

import type {
  MonitoredGateway,
  MirroredOrder,
  MirroredPosition,
} from '../../src/main/app/session/monitored-gateway'
import type { GatewayEndpoints } from '../../src/main/app/session-config'
import type { ContractSpec } from '../../src/main/enforcement/feed/contract-catalog'
import type { MirrorListener, QuoteEntry } from '../../src/main/portfolio'
import type { RiskConfig } from '../../src/main/risk'
import type { Lockout, LockoutScope } from '../../src/main/risk/plan'
import type { KillSwitchReport } from '../../src/shared/domain/enforcement'
import type { HealthSnapshot } from '../../src/shared/domain/health'
import type { PortfolioSnapshot } from '../../src/shared/domain/portfolio'
import type { AccountRiskView, FillView, PnlPoint } from '../../src/shared/domain/risk'
import type { GatewayMode, SessionInfo } from '../../src/shared/domain/session'
import type { Result } from '../../src/shared/errors'
import {
  cannedFills,
  cannedHealth,
  cannedPnlSeries,
  cannedPortfolio,
  cannedSession,
} from './canned-dashboard'

/** One call the code under test made on the session, in order. */
export type GatewayCall =
  | { readonly call: 'audit'; readonly message: string; readonly severity: string }
  | {
      readonly call: 'halt'
      readonly accountIds: readonly number[]
      readonly until: string
      readonly reason: string
    }
  | {
      readonly call: 'unlock'
      readonly accountId: number
      readonly ruleId: string
      readonly scope: LockoutScope
    }
  | { readonly call: 'flattenAll'; readonly accountIds: readonly number[]; readonly reason: string }
  | { readonly call: 'setRules' }
  | { readonly call: 'retryNow' }

export class FakeMonitoredGateway implements MonitoredGateway {
  readonly calls: GatewayCall[] = []
  signedIn = true
  session: SessionInfo = cannedSession()
  healthSnapshot: HealthSnapshot = cannedHealth()
  portfolio: PortfolioSnapshot = cannedPortfolio()
  quotes = new Map<string, QuoteEntry>()
  specs = new Map<string, ContractSpec>()
  fillViews: FillView[] = cannedFills()
  lockouts: Lockout[] = []

  constructor(
    readonly mode: GatewayMode = 'simulator',
    readonly endpoints: GatewayEndpoints = {
      restUrl: 'http://127.0.0.1:1',
      userHubUrl: 'http://127.0.0.1:1/hubs/user',
      marketHubUrl: 'http://127.0.0.1:1/hubs/market',
    },
  ) {}

  info(): SessionInfo {
    return this.session
  }
  hasToken(): boolean {
    return this.signedIn
  }
  async signIn(): Promise<Result<SessionInfo>> {
    return { ok: true, value: this.session }
  }
  async signOut(): Promise<SessionInfo> {
    return this.session
  }
  async forgetCredentials(): Promise<SessionInfo> {
    return this.session
  }
  async retryNow(): Promise<void> {
    this.calls.push({ call: 'retryNow' })
  }
  onSessionChange(): () => void {
    return () => undefined
  }
  health(): HealthSnapshot {
    return this.healthSnapshot
  }
  refreshHealth(): HealthSnapshot {
    return this.healthSnapshot
  }
  audit(message: string, _at: number, severity: 'info' | 'warning' | 'critical' = 'critical'): void {
    this.calls.push({ call: 'audit', message, severity })
  }

  accountIds(): number[] {
    return this.portfolio.accounts.map((a) => a.id)
  }
  portfolioSnapshot(): PortfolioSnapshot {
    return this.portfolio
  }
  openPositions(): readonly MirroredPosition[] {
    return []
  }
  workingOrders(): readonly MirroredOrder[] {
    return []
  }
  quote(contractId: string): QuoteEntry | null {
    return this.quotes.get(contractId) ?? null
  }
  contract(contractId: string): ContractSpec | null {
    return this.specs.get(contractId) ?? null
  }
  contractName(contractId: string): string {
    return this.specs.get(contractId)?.name ?? contractId
  }
  contracts(): ContractSpec[] {
    return [...this.specs.values()]
  }
  onPortfolioChange(_listener: MirrorListener): () => void {
    return () => undefined
  }

  riskViews(): AccountRiskView[] {
    return []
  }
  fills(accountId?: number): FillView[] {
    return this.fillViews.filter((f) => accountId === undefined || f.accountId === accountId)
  }
  fillView(tradeId: number): FillView | null {
    return this.fillViews.find((f) => f.id === tradeId) ?? null
  }
  pnlSeries(accountId: number): readonly PnlPoint[] {
    return cannedPnlSeries(accountId)
  }
  activeLockouts(): Lockout[] {
    return this.lockouts
  }
  setRules(_config: RiskConfig): void {
    this.calls.push({ call: 'setRules' })
  }
  halt(accountIds: readonly number[], until: 'daily_reset' | 'indefinite', reason: string): void {
    this.calls.push({ call: 'halt', accountIds, until, reason })
  }
  unlock(accountId: number, ruleId: string, scope: LockoutScope): void {
    this.calls.push({ call: 'unlock', accountId, ruleId, scope })
  }
  async flattenAll(accountIds: readonly number[], reason: string): Promise<KillSwitchReport> {
    this.calls.push({ call: 'flattenAll', accountIds, reason })
    const accounts = accountIds.map((accountId) => ({
      accountId,
      positionsClosed: 1,
      ordersCancelled: 0,
      verifiedFlat: true,
      problems: [],
    }))
    return { startedAt: 0, finishedAt: 0, accounts }
  }
}
