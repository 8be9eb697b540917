// The kill switch: one prominent button, a confirm step, then the report of what was flattened.
import type { ReactElement } from 'react'
import { useTiltguardStore } from '../../state/store'
import { useActions } from '../../app/actions-context'
import { Icon } from '../../components/Icon'

export function KillSwitch(): ReactElement {
  const killSwitch = useTiltguardStore((s) => s.killSwitch)
  const actions = useActions()
  const { phase, report, error } = killSwitch

  return (
    <section className="panel kill-switch" aria-labelledby="kill-title" data-testid="kill-switch" data-phase={phase}>
      <h2 id="kill-title">Kill switch</h2>
      {phase === 'idle' && (
        <button type="button" className="kill-button" data-testid="kill-arm" onClick={actions.armKillSwitch}>
          <Icon name="warning" /> FLATTEN EVERYTHING
        </button>
      )}
      {phase === 'confirming' && (
        <div className="kill-confirm" role="alertdialog" aria-label="Confirm kill switch">
          <p>Close every position and cancel every working order on every account?</p>
          <div className="row">
            <button type="button" className="kill-button" data-testid="kill-confirm" onClick={() => void actions.confirmKillSwitch()} autoFocus>
              Yes, flatten now
            </button>
            <button type="button" data-testid="kill-cancel" onClick={actions.resetKillSwitch}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {phase === 'running' && (
        <p className="kill-running" role="status">
          <Icon name="spinner" /> Flattening: cancelling orders and closing positions…
        </p>
      )}
      {phase === 'done' && report !== null && (
        <div className="kill-report" data-testid="kill-report" role="status">
          <p>
            Finished in {((report.finishedAt - report.startedAt) / 1000).toFixed(1)} s.
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
                  <td>{a.accountId}</td>
                  <td className="num">{a.positionsClosed}</td>
                  <td className="num">{a.ordersCancelled}</td>
                  <td className={a.verifiedFlat ? 'tone-ok' : 'tone-bad'}>
                    <Icon name={a.verifiedFlat ? 'check' : 'cross'} /> {a.verifiedFlat ? 'Verified flat' : 'NOT verified flat'}
                    {a.problems.length > 0 && <ul className="problems">{a.problems.map((p) => <li key={p}>{p}</li>)}</ul>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="button" onClick={actions.resetKillSwitch}>
            Dismiss
          </button>
        </div>
      )}
      {phase === 'failed' && error !== null && (
        <div className="kill-report tone-bad" role="alert" data-testid="kill-error">
          <p>
            <Icon name="cross" /> The kill switch failed: {error.message}
          </p>
          <button type="button" onClick={actions.resetKillSwitch}>
            Dismiss
          </button>
        </div>
      )}
    </section>
  )
}
