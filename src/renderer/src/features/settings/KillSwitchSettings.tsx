// The kill switch's global hotkey (registered by the desktop app) and how long it locks.
import { useState, type ReactElement } from 'react'
import { useTiltguardStore } from '../../state/store'
import { useActions } from '../../app/actions-context'

export function KillSwitchSettings(): ReactElement {
  const prefs = useTiltguardStore((s) => s.preferences)
  const actions = useActions()
  const [hotkey, setHotkey] = useState<string | null>(null)
  return (
    <section className="panel" aria-labelledby="kill-settings-title" data-testid="kill-settings">
      <h2 id="kill-settings-title">Kill switch</h2>
      <form
        className="sign-in"
        onSubmit={(e) => {
          e.preventDefault()
          if (hotkey !== null) void actions.updatePreferences({ ...prefs, killSwitchHotkey: hotkey }).then(() => setHotkey(null))
        }}
      >
        <label>
          Global hotkey (desktop app; Electron accelerator)
          <input value={hotkey ?? prefs.killSwitchHotkey} onChange={(e) => setHotkey(e.target.value)} maxLength={60} minLength={3} data-testid="kill-hotkey" />
        </label>
        <label>
          After flattening, lock the accounts
          <select
            value={prefs.killSwitchLockout}
            onChange={(e) => void actions.updatePreferences({ ...prefs, killSwitchLockout: e.target.value as typeof prefs.killSwitchLockout })}
          >
            <option value="daily_reset">until the daily reset</option>
            <option value="indefinite">until an admin clears them</option>
          </select>
        </label>
        <div className="row">
          <button type="submit" disabled={hotkey === null}>
            Save hotkey
          </button>
        </div>
      </form>
    </section>
  )
}
