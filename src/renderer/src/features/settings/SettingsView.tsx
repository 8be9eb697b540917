// Settings: connection (simulator, TopstepX, custom URLs: the existing sign-in), the rules editor,
// admin password, notifications, shadow mode, kill switch, each account's trading day and the
// backstop checklist.
import type { ReactElement } from 'react'
import { SessionPanel } from '../session/SessionPanel'
import { RulesEditor } from './RulesEditor'
import { AdminPassword } from './AdminPassword'
import { NotificationSettings } from './NotificationSettings'
import { ShadowSettings } from './ShadowSettings'
import { BackstopChecklist } from './BackstopChecklist'
import { KillSwitchSettings } from './KillSwitchSettings'
import { TradingDaySettings } from './TradingDaySettings'

export function SettingsView(): ReactElement {
  return (
    <main className="layout settings" data-testid="settings-view">
      <div className="column side">
        <SessionPanel />
        <AdminPassword />
        <KillSwitchSettings />
        <BackstopChecklist />
      </div>
      <div className="column wide">
        <RulesEditor />
        <NotificationSettings />
        <ShadowSettings />
        <TradingDaySettings />
      </div>
    </main>
  )
}
