// The kill switch: always visible, press and hold for a second (mouse, touch, or Space/Enter held)
// with the progress shown; a short click does nothing. While it runs it shows each account's progress
// as the engine pushes it, then the final report with the time it took.
import { useMemo, useState, type KeyboardEvent, type ReactElement } from 'react'
import { useTiltguardStore } from '../../state/store'
import { selectAccountsById } from '../../state/selectors'
import { useActions } from '../../app/actions-context'
import { Icon } from '../../components/Icon'
import { createHold } from './hold'
import { KillProgress, KillReport } from './KillReport'

/** How long the button must be held. */
export const HOLD_MS = 1000
const pageNow = (): number => performance.now()
const nextFrame = (run: () => void): void => void requestAnimationFrame(run)

export function KillSwitch(): ReactElement {
  const { phase, error } = useTiltguardStore((s) => s.killSwitch)
  const hotkey = useTiltguardStore((s) => s.preferences.killSwitchHotkey)
  const accounts = useTiltguardStore(selectAccountsById)
  const actions = useActions()
  const [fraction, setFraction] = useState(0)
  const hold = useMemo(
    () =>
      createHold({
        durationMs: HOLD_MS,
        now: pageNow,
        frame: nextFrame,
        onProgress: setFraction,
        onComplete: () => {
          setFraction(0)
          void actions.runKillSwitch(null)
        },
      }),
    [actions],
  )
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== ' ' && e.key !== 'Enter') return
    e.preventDefault()
    hold.press()
  }
  const onKeyUp = (e: KeyboardEvent) => {
    if (e.key === ' ' || e.key === 'Enter') hold.release()
  }
  const busy = phase === 'running'

  return (
    <section className="panel kill-switch" aria-labelledby="kill-title" data-testid="kill-switch" data-phase={phase}>
      <h2 id="kill-title">Kill switch</h2>
      <button
        type="button"
        className="kill-button"
        data-testid="kill-hold"
        data-hold-progress={fraction.toFixed(2)}
        disabled={busy}
        aria-describedby="kill-hint"
        onPointerDown={(e) => {
          if (e.button === 0) hold.press()
        }}
        onPointerUp={hold.release}
        onPointerLeave={hold.release}
        onPointerCancel={hold.release}
        onKeyDown={onKeyDown}
        onKeyUp={onKeyUp}
        onBlur={hold.release}
        onContextMenu={(e) => e.preventDefault()}
      >
        {fraction > 0 && <span className="kill-fill" style={{ width: `${fraction * 100}%` }} aria-hidden="true" />}
        <span className="kill-label">
          <Icon name="warning" /> {busy ? 'FLATTENING…' : fraction > 0 ? 'KEEP HOLDING…' : 'HOLD TO FLATTEN ALL ACCOUNTS'}
        </span>
      </button>
      <p id="kill-hint" className="hint">
        Press and hold for 1 s (or hold Space/Enter). Closes every position and cancels every working order on all {accounts.size || ''} accounts. Hotkey:{' '}
        <kbd>{hotkey.replace('CommandOrControl', 'Ctrl')}</kbd> (desktop app).
      </p>
      {(phase === 'running' || phase === 'done') && <KillProgress />}
      {phase === 'done' && <KillReport />}
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
