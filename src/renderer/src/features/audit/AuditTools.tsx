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
  const exportCsv = async () => {
    const result = await actions.exportAudit(accountId)
    if (!result.ok) return setExportError(result.error.message)
    setExportError(null)
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
    </div>
  )
}
