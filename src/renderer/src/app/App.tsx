// The dashboard shell: status bar on top; kill switch and session on the left; portfolio on the
// right; audit log below.
import type { ReactElement } from 'react'
import { StatusBar } from '../features/status/StatusBar'
import { KillSwitch } from '../features/kill-switch/KillSwitch'
import { SessionPanel } from '../features/session/SessionPanel'
import { AccountsTable, OrdersTable, PositionsTable } from '../features/portfolio/PortfolioTables'
import { AuditLog } from '../features/audit/AuditLog'

export function App(): ReactElement {
  return (
    <div className="app" data-testid="dashboard">
      <StatusBar />
      <main className="layout">
        <div className="column side">
          <KillSwitch />
          <SessionPanel />
        </div>
        <div className="column wide">
          <AccountsTable />
          <PositionsTable />
          <OrdersTable />
          <AuditLog />
        </div>
      </main>
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
