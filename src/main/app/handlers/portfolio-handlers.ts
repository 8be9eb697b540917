// The first snapshot, today's fills and the P&L curve.
import type { ContractHandlers } from '../../../shared/ipc/api'
import type { DashboardSnapshot } from '../../../shared/ipc/views'
import { toAuditView } from '../observable-audit'
import { portfolioView } from '../portfolio-view'
import type { HandlerContext } from './context'

/** How many audit entries the first snapshot carries; older ones are paged with `listAudit`. */
const SNAPSHOT_AUDIT_ENTRIES = 50

export function portfolioHandlers({ modes, clock }: HandlerContext): Pick<ContractHandlers, 'getSnapshot' | 'listFills' | 'getPnlSeries' | 'getRisk'> {
  return {
    async getSnapshot(): Promise<DashboardSnapshot> {
      const session = modes.requireCurrent()
      const audit = modes.currentAudit?.list(SNAPSHOT_AUDIT_ENTRIES) ?? []
      return {
        health: session.health(),
        session: session.info(),
        portfolio: portfolioView(session, clock.now()),
        audit: audit.map(toAuditView),
        risk: requireRisk(modes.riskSnapshot()),
        fills: session.fills(),
        // The host stamps the seq of its last delivered push (stampSnapshotSeq).
        seq: 0,
      }
    },
    getRisk: async () => requireRisk(modes.riskSnapshot()),
    listFills: async ({ accountId }) => modes.requireCurrent().fills(accountId),
    getPnlSeries: async ({ accountId }) => modes.requireCurrent().pnlSeries(accountId),
  }
}

function requireRisk<T>(value: T | null): T {
  if (value === null) throw new Error('the engine is not monitoring yet')
  return value
}
