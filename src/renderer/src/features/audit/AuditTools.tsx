// The audit log's chain-verified mark (the engine walks the hash chain) and its CSV export.
import { useState, type ReactElement } from 'react'
import { useTiltguardStore } from '../../state/store'
import { useActions } from '../../app/actions-context'
import { Icon } from '../../components/Icon'
import { downloadText } from '../../lib/files'

export function AuditTools(): ReactElement {
  const chain = useTiltguardStore((s) => s.auditChain)
  const accountId = useTiltguardStore((s) => s.auditFilter.accountId)
  const actions = useActions()
  const [exportError, setExportError] = useState<string | null>(null)
  const [csv, setCsv] = useState<{ text: string; rows: number } | null>(null)
  const exportCsv = async () => {
    const result = await actions.exportAudit(accountId)
    if (!result.ok) return setExportError(result.error.message)
    setExportError(null)
    // Also shown as text: the desktop host refuses downloads, so there the trader copies it.
    setCsv({ text: result.value.csv, rows: result.value.rows })
    downloadText(`tiltguard-audit${accountId === null ? '' : `-${accountId}`}.csv`, result.value.csv, 'text/csv')
  }
  return (
    <div className="row audit-tools">
      {chain === null ? (
        <button type="button" onClick={() => void actions.verifyAudit()} data-testid="audit-verify">
          <Icon name="shield" /> Verify chain
        </button>
      ) : 'error' in chain ? (
        <span className="chip tone-warn" data-testid="audit-chain" title={chain.error}>
          <Icon name="warning" /> Chain not checked: {chain.error}
        </span>
      ) : chain.ok ? (
        <span className="chip tone-ok" data-testid="audit-chain">
          <Icon name="check" /> Chain verified ({chain.checked} rows)
        </span>
      ) : (
        <span className="chip tone-bad" data-testid="audit-chain">
          <Icon name="cross" /> Chain BROKEN at row {chain.brokenAt?.id}: {chain.brokenAt?.reason}
        </span>
      )}
      <button type="button" onClick={() => void exportCsv()} data-testid="audit-export">
        <Icon name="download" /> Export CSV
      </button>
      {exportError !== null && <span className="tone-bad">{exportError}</span>}
      {csv !== null && (
        <details className="export-text" data-testid="audit-csv">
          <summary>
            CSV of {csv.rows} rows (to copy)
          </summary>
          <textarea readOnly value={csv.text} rows={6} aria-label="Audit log as CSV" />
        </details>
      )}
    </div>
  )
}
