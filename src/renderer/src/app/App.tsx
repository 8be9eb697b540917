// The dashboard shell: header (health, SIMULATOR badge, clock, every account's state) and lockout
// banner on top; kill switch, P&L and rules on the left; positions, orders, fills and the audit log
// on the right. Settings replace the panels when chosen. The theme follows the preferences.
import { useEffect, type ReactElement } from 'react'
import { StatusBar } from '../features/status/StatusBar'
import { KillSwitch } from '../features/kill-switch/KillSwitch'
import { LockoutBanner } from '../features/lockouts/LockoutBanner'
import { PnlPanel } from '../features/pnl/PnlPanel'
import { RulesPanel } from '../features/rules/RulesPanel'
import { PositionsTable } from '../features/tables/PositionsTable'
import { OrdersTable } from '../features/tables/OrdersTable'
import { FillsTable } from '../features/tables/FillsTable'
import { AuditLog } from '../features/audit/AuditLog'
import { SettingsView } from '../features/settings/SettingsView'
import { PracticePanel } from '../features/simulator/PracticePanel'
import { useTiltguardStore } from '../state/store'

function useTheme(): void {
  const theme = useTiltguardStore((s) => s.preferences.theme)
  useEffect(() => {
    document.documentElement.dataset.theme = theme
  }, [theme])
}

export function App(): ReactElement {
  useTheme()
  const view = useTiltguardStore((s) => s.view)
  const dimmed = useTiltguardStore((s) => s.link !== 'open' || s.health?.freshness === 'STALE')
  // A new view starts at its top, not where the other one was scrolled to.
  useEffect(() => {
    window.scrollTo(0, 0)
  }, [view])
  return (
    <div className="app" data-testid="dashboard" data-view={view}>
      <StatusBar />
      <LockoutBanner />
      {view === 'settings' ? (
        <SettingsView />
      ) : (
        <main className={`layout${dimmed ? ' is-stale' : ''}`} data-stale={dimmed}>
          <div className="column side">
            <KillSwitch />
            <PnlPanel />
            <RulesPanel />
            <PracticePanel />
          </div>
          <div className="column wide">
            <PositionsTable />
            <OrdersTable />
            <FillsTable />
            <AuditLog />
          </div>
        </main>
      )}
    </div>
  )
}

/** Shown instead of the dashboard when the page was opened without the engine's secret. */
export function MissingSecret(): ReactElement {
  return (
    <div className="app missing-secret" data-testid="missing-secret">
      <h1>Tiltguard</h1>
      <p>This page needs the link the engine printed when it started (it ends with <code>#secret=…</code>).</p>
      <p>Run <code>npm run engine</code> and open the URL from its first line.</p>
    </div>
  )
}
