// The audit log: paging with filters, the hash-chain check and the CSV export.
import type { ContractHandlers } from '../../../shared/ipc/api'
import { toAuditView } from '../observable-audit'
import { csvField, parseCsv } from '../../store/repositories/audit-chain'
import type { HandlerContext } from './context'

/** Rows read per page while filtering, so a rare filter still fills a page without scanning everything. */
const SCAN_PAGE = 500
const MAX_SCANNED = 20_000

export function auditHandlers({ modes }: HandlerContext): Pick<ContractHandlers, 'listAudit' | 'verifyAudit' | 'exportAudit'> {
  return {
    async listAudit({ limit, beforeId, accountId, category, ruleId }) {
      const audit = modes.currentAudit
      if (audit === null) return []
      const filtered = accountId !== undefined || category !== undefined || ruleId !== undefined
      if (!filtered) return audit.list(limit, beforeId).map(toAuditView)
      const out = []
      let cursor = beforeId
      for (let scanned = 0; out.length < limit && scanned < MAX_SCANNED; scanned += SCAN_PAGE) {
        const page = audit.list(SCAN_PAGE, cursor)
        if (page.length === 0) break
        for (const entry of page) {
          const view = toAuditView(entry)
          if (accountId !== undefined && view.accountId !== accountId) continue
          if (category !== undefined && view.category !== category) continue
          if (ruleId !== undefined && view.ruleId !== ruleId) continue
          out.push(view)
          if (out.length === limit) break
        }
        cursor = page[page.length - 1]?.id
      }
      return out
    },
    async verifyAudit() {
      const verdict = modes.requireStore().verifyAudit()
      return verdict.ok
        ? { ok: true, checked: verdict.rows, brokenAt: null }
        : { ok: false, checked: 0, brokenAt: { id: verdict.badRowId, reason: REASONS[verdict.problem] } }
    },
    async exportAudit({ accountId }) {
      const csv = modes.requireStore().exportAuditCsv()
      if (accountId === undefined) return { csv, rows: Math.max(0, parseCsv(csv).length - 1) }
      // Keep the header and this account's rows; the hashes stay so the copy can be checked row by row.
      const [header = [], ...rows] = parseCsv(csv)
      const column = header.indexOf('account_id')
      const kept = rows.filter((row) => row[column] === String(accountId))
      return { csv: [header, ...kept].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n', rows: kept.length }
    },
  }
}

const REASONS = {
  altered: 'its content no longer matches its hash (edited)',
  broken_link: 'the row before it was deleted or its hash rewritten',
  unhashed: 'it has no hash (written outside Tiltguard)',
  missing_tail: 'it and possibly later rows were deleted (the newest row on record is gone)',
} as const
