// Dashboard / Settings switch and the theme toggle (dark by default).
import type { ReactElement } from 'react'
import { useTiltguardStore } from '../../state/store'
import { useActions } from '../../app/actions-context'
import { Icon } from '../../components/Icon'

export function ViewSwitch(): ReactElement {
  const view = useTiltguardStore((s) => s.view)
  const setView = useTiltguardStore((s) => s.setView)
  const theme = useTiltguardStore((s) => s.preferences.theme)
  const actions = useActions()
  const nextTheme = theme === 'dark' ? 'light' : 'dark'
  return (
    <span className="view-switch">
      <button type="button" aria-pressed={view === 'dashboard'} onClick={() => setView('dashboard')} data-testid="view-dashboard">
        Dashboard
      </button>
      <button type="button" aria-pressed={view === 'settings'} onClick={() => setView('settings')} data-testid="view-settings">
        <Icon name="gear" /> Settings
      </button>
      <button
        type="button"
        className="quiet"
        onClick={() => void actions.setTheme(nextTheme)}
        data-testid="theme-toggle"
        title={`Switch to the ${nextTheme} theme`}
      >
        {theme === 'dark' ? 'Light theme' : 'Dark theme'}
      </button>
    </span>
  )
}
