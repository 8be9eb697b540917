// What the kill switch did: live progress per account while it runs, then the verified result.
import type { ReactElement } from 'react'
import type { KillSwitchProgress } from '../../../../shared/domain/risk'
import { useTiltguardStore } from '../../state/store'
import { selectAccountsById } from '../../state/selectors'
import { useActions } from '../../app/actions-context'
import { Icon } from '../../components/Icon'

const PHASE_WORD: Readonly<Record<KillSwitchProgress['phase'], string>> = {
  started: 'Started',
  cancelling: 'Cancelling orders',
  closing: 'Closing positions',
  verifying: 'Verifying flat',
  done: 'Done',
  failed: 'Failed',
}

function AccountName({ id }: { readonly id: number }): ReactElement {
  const accounts = useTiltguardStore(selectAccountsById)
  return <span title={`account #${id}`}>{accounts.get(id)?.name ?? `Account ${id}`}</span>
}

export function KillProgress(): ReactElement | null {
  const progress = useTiltguardStore((s) => s.killSwitch.progress)
  const phase = useTiltguardStore((s) => s.killSwitch.phase)
  const hasReport = useTiltguardStore((s) => s.killSwitch.report !== null)
  const actions = useActions()
  const rows = Object.values(progress)
  if (rows.length === 0)
    return phase === 'running' ? (
      <p className="kill-running" role="status" data-testid="kill-progress">
        <Icon name="spinner" /> Flattening: cancelling orders and closing positions…
      </p>
    ) : null
  return (
    <>
      <ul className="kill-progress" role="status" data-testid="kill-progress">
        {rows.map((p) => (
          <li key={p.accountId} data-phase={p.phase}>
            <Icon name={p.phase === 'done' ? 'check' : p.phase === 'failed' ? 'cross' : 'spinner'} />{' '}
            <AccountName id={p.accountId} />: {PHASE_WORD[p.phase]} ·{' '}
            <span className="num">{p.ordersCancelled}</span> orders cancelled ·{' '}
            <span className="num">{p.positionsClosed}</span> positions closed ·{' '}
            <span className="num">{(p.elapsedMs / 1000).toFixed(1)} s</span>
          </li>
        ))}
      </ul>
      {phase === 'done' && !hasReport && (
        <button type="button" onClick={actions.resetKillSwitch} data-testid="kill-dismiss">
          Dismiss
        </button>
      )}
    </>
  )
}

export function KillReport(): ReactElement | null {
  const report = useTiltguardStore((s) => s.killSwitch.report)
  const actions = useActions()
  if (report === null) return null
  const allFlat = report.accounts.every((a) => a.verifiedFlat)
  return (
    <div className="kill-report" data-testid="kill-report" role="status">
      <p className={allFlat ? 'tone-ok' : 'tone-bad'}>
        <Icon name={allFlat ? 'check' : 'cross'} />{' '}
        {allFlat ? 'Every account verified flat' : 'NOT every account is verified flat'} in{' '}
        <span className="num">{((report.finishedAt - report.startedAt) / 1000).toFixed(1)} s</span>.
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">Account</th>
            <th scope="col">Positions closed</th>
            <th scope="col">Orders cancelled</th>
            <th scope="col">Result</th>
          </tr>
        </thead>
        <tbody>
          {report.accounts.map((a) => (
            <tr key={a.accountId}>
              <td>
                <AccountName id={a.accountId} />
              </td>
              <td className="num">{a.positionsClosed}</td>
              <td className="num">{a.ordersCancelled}</td>
              <td className={a.verifiedFlat ? 'tone-ok' : 'tone-bad'}>
                <Icon name={a.verifiedFlat ? 'check' : 'cross'} />{' '}
                {a.verifiedFlat ? 'Verified flat' : 'NOT verified flat'}
                {a.problems.length > 0 && (
                  <ul className="problems">
                    {a.problems.map((p) => (
                      <li key={p}>{p}</li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={actions.resetKillSwitch}>
        Dismiss
      </button>
    </div>
  )
}
