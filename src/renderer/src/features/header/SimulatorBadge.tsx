// First run: while the engine watches the embedded simulator a SIMULATOR badge says so, with the one
// click that leads to connecting a real account.
import type { ReactElement } from 'react'
import { useTiltguardStore } from '../../state/store'
import { Icon } from '../../components/Icon'

export function SimulatorBadge(): ReactElement | null {
  const mode = useTiltguardStore((s) => s.health?.mode ?? s.session?.mode ?? null)
  const setView = useTiltguardStore((s) => s.setView)
  if (mode !== 'simulator') return null
  return (
    <span className="sim-badge" data-testid="simulator-badge">
      <Icon name="shield" /> SIMULATOR
      <button type="button" className="link-button" onClick={() => setView('settings')} data-testid="connect-real">
        Connect a real account
      </button>
    </span>
  )
}
