// Canned dashboard data for fakes and renderer tests: three evaluation accounts (one ACTIVE, one
// WARNING, one LOCKED), prices, P&L, rule headroom, lockouts, fills, rules YAML and preferences.

import type { AuditEntryView, DashboardSnapshot } from '../../src/shared/ipc/views'
import type { HealthSnapshot, HubHealth } from '../../src/shared/domain/health'
import type { SessionInfo } from '../../src/shared/domain/session'
import type { PortfolioSnapshot } from '../../src/shared/domain/portfolio'
import type { AccountRiskView, FillView, PnlPoint, RiskSnapshot, RuleHeadroomView, RulesDocument } from '../../src/shared/domain/risk'

export const T0 = 1_760_000_000_000

function hub(state: HubHealth['state']): HubHealth {
  return { state, lastMessageAt: T0, reconnectCount: 0, connectedSince: T0, downtimeMs: 0, detail: null }
}

export function cannedHealth(): HealthSnapshot {
  return {
    overall: 'OK',
    reasons: [],
    mode: 'simulator',
    token: { state: 'VALID', expiresAt: T0 + 86_400_000 },
    rest: { state: 'HEALTHY', p50Ms: 40, p95Ms: 90, successRate: 1 },
    userHub: hub('CONNECTED'),
    marketHub: hub('CONNECTED'),
    rateBuckets: [{ name: 'general', limit: 200, remaining: 190, resetInMs: 30_000, percentUsed: 5 }],
    breakers: [],
    freshness: 'FRESH',
    lastReconciledAt: T0,
    malformedFrames: 0,
    updatedAt: T0,
  }
}

export function cannedSession(): SessionInfo {
  return {
    state: 'VALID',
    mode: 'simulator',
    userHint: 's***m',
    expiresAt: T0 + 86_400_000,
    secretStorage: 'memory',
    secretWarning: 'Simulator session: nothing is stored.',
    lastError: null,
    autoReloginEnabled: true,
  }
}

export function cannedPortfolio(): PortfolioSnapshot {
  return {
    accounts: [
      { id: 101, name: 'SIM-101', balance: 50_000, canTrade: true, simulated: true },
      { id: 102, name: 'EVAL-102', balance: 49_650, canTrade: true, simulated: true },
      { id: 103, name: 'EVAL-103', balance: 48_900, canTrade: false, simulated: true },
    ],
    positions: [
      {
        accountId: 101, contractId: 'CON.F.US.MES.Z25', contractName: 'MESZ5', side: 'long', size: 2, averagePrice: 6012.25,
        openedAt: new Date(T0).toISOString(), lastPrice: 6015.5, unrealizedPnl: 32.5, priceAgeMs: 120, priceDelayed: false,
      },
    ],
    orders: [
      {
        id: 9001, accountId: 101, contractId: 'CON.F.US.MES.Z25', contractName: 'MESZ5', status: 1, type: 1, side: 1, size: 2,
        fillVolume: 0, limitPrice: 6030, stopPrice: null, filledPrice: null, customTag: null, createdAt: T0 - 90_000,
        placedByTiltguard: false, updatedAt: new Date(T0).toISOString(),
      },
    ],
  }
}

function rule(ruleId: string, label: string, percentUsed: number | null, standing: RuleHeadroomView['standing'], extra: Partial<RuleHeadroomView> = {}): RuleHeadroomView {
  return {
    ruleId, label, enabled: true, shadow: false, standing, currentValue: percentUsed === null ? null : percentUsed * 5, limit: 500,
    percentUsed, unit: 'usd', message: `${label}: ${percentUsed ?? 0} % used`, subject: null, lastFiredAt: null, ...extra,
  }
}

function account(accountId: number, status: AccountRiskView['status'], net: number, rules: RuleHeadroomView[], extra: Partial<AccountRiskView> = {}): AccountRiskView {
  return {
    accountId, status, shadow: false,
    pnl: { realized: net + 4, unrealized: 0, fees: 4, net, dailyLossLimit: 500, profitTarget: 1000, unrealizedStale: false, priceSource: 'live' },
    rules, lockouts: [], tradingDay: '2025-10-09', nextResetAt: T0 + 3 * 3_600_000, problems: [], ...extra,
  }
}

export function cannedRisk(): RiskSnapshot {
  return {
    accounts: [
      account(101, 'ACTIVE', 28.5, [rule('daily_loss_limit', 'Daily loss limit', 0, 'ok'), rule('max_contracts', 'Max contracts', 40, 'ok', { unit: 'contracts', limit: 5, currentValue: 2 })], {
        pnl: { realized: 0, unrealized: 32.5, fees: 4, net: 28.5, dailyLossLimit: 500, profitTarget: 1000, unrealizedStale: false, priceSource: 'live' },
      }),
      account(102, 'WARNING', -375, [rule('daily_loss_limit', 'Daily loss limit', 75, 'warning'), rule('max_trades', 'Max trades per day', 92, 'warning', { unit: 'trades', limit: 25, currentValue: 23 })]),
      account(103, 'LOCKED', -520, [rule('daily_loss_limit', 'Daily loss limit', 104, 'breached', { lastFiredAt: T0 - 600_000 })], {
        lockouts: [
          { accountId: 103, ruleId: 'daily_loss_limit', label: 'Daily loss limit', symbol: null, reason: 'Net −$520.00 passed the −$500 limit', setAt: T0 - 600_000, expiry: 'daily_reset', endsAt: T0 + 3 * 3_600_000 },
          { accountId: 103, ruleId: 'cooldown_after_loss', label: 'Cool-down after a loss', symbol: 'MNQ', reason: 'Three losing trades in a row', setAt: T0 - 60_000, expiry: 'until', endsAt: T0 + 15 * 60_000 },
        ],
      }),
    ],
    rulesSource: 'example',
    rulesVersion: 3,
    activeRuleCount: 4,
    exchangeTimeZone: 'America/Chicago',
    adminPasswordSet: true,
    at: T0,
  }
}

export function cannedFills(): FillView[] {
  return [
    { id: 7002, accountId: 102, orderId: 8002, contractId: 'CON.F.US.MNQ.Z25', contractName: 'MNQZ5', at: T0 - 120_000, side: 'sell', size: 1, price: 25_010.25, profitAndLoss: -87.5, fees: 1.24, voided: false, placedByTiltguard: false },
    { id: 7001, accountId: 101, orderId: 8001, contractId: 'CON.F.US.MES.Z25', contractName: 'MESZ5', at: T0 - 300_000, side: 'buy', size: 2, price: 6012.25, profitAndLoss: null, fees: 0.74, voided: false, placedByTiltguard: false },
  ]
}

export function cannedPnlSeries(accountId: number): PnlPoint[] {
  const end = cannedRisk().accounts.find((a) => a.accountId === accountId)?.pnl.net ?? 0
  return Array.from({ length: 30 }, (_, i) => ({ at: T0 - (30 - i) * 60_000, net: Math.round((end * i) / 29 + Math.sin(i / 3) * 20) }))
}

export const CANNED_RULES_YAML = `# Tiltguard rules (example)
version: 1
rules:
  daily_loss_limit:
    enabled: true
    limit: 500
  max_contracts:
    enabled: true
    limit: 5
`

export function cannedRulesDocument(): RulesDocument {
  return { yaml: CANNED_RULES_YAML, source: 'example', version: 3, updatedAt: T0 - 86_400_000 }
}

export function cannedAudit(): AuditEntryView[] {
  return [
    { id: 3, at: T0 - 600_000, category: 'enforcement', severity: 'critical', message: 'Daily loss limit breached: lockout until reset', accountId: 103, ruleId: 'daily_loss_limit', latencyMs: 84, shadow: false },
    { id: 2, at: T0 - 300_000, category: 'order', severity: 'info', message: 'Fill: buy 2 MESZ5 @ 6012.25', accountId: 101, ruleId: null, latencyMs: null, shadow: false },
    { id: 1, at: T0, category: 'system', severity: 'info', message: 'Engine started (simulator)', accountId: null, ruleId: null, latencyMs: null, shadow: false },
  ]
}

/** A healthy simulator session with three accounts, one position, one working order, risk and fills. */
export function cannedSnapshot(): DashboardSnapshot {
  return {
    health: cannedHealth(),
    session: cannedSession(),
    portfolio: cannedPortfolio(),
    audit: cannedAudit(),
    risk: cannedRisk(),
    fills: cannedFills(),
    seq: 0,
  }
}
