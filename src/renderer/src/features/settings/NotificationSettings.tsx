// Notifications: a desktop notification and a short sound on warning, breach and lockout, each
// switchable; plus a button to hear and see what they look like.
import type { ReactElement } from 'react'
import type { Preferences } from '../../../../shared/domain/preferences'
import { useTiltguardStore } from '../../state/store'
import { useActions } from '../../app/actions-context'
import { Icon } from '../../components/Icon'
import { alertNow } from '../../alerts/alert-outputs'

const KINDS = [
  ['warning', 'Warning (a rule ≥ 70 % used)'],
  ['breach', 'Breach'],
  ['lockout', 'Lockout'],
] as const

export function NotificationSettings(): ReactElement {
  const prefs = useTiltguardStore((s) => s.preferences)
  const loaded = useTiltguardStore((s) => s.preferencesLoaded)
  const error = useTiltguardStore((s) => s.preferencesError)
  const actions = useActions()
  const toggle = (kind: keyof Preferences['notifications'], channel: 'desktop' | 'sound') =>
    void actions.updatePreferences({
      ...prefs,
      notifications: { ...prefs.notifications, [kind]: { ...prefs.notifications[kind], [channel]: !prefs.notifications[kind][channel] } },
    })
  return (
    <section className="panel" aria-labelledby="notify-title" data-testid="notification-settings">
      <h2 id="notify-title">Notifications</h2>
      {!loaded && <p className="hint">Showing the defaults: {error?.message ?? 'loading your preferences…'}</p>}
      {loaded && error !== null && (
        <p className="tone-bad" role="alert">
          <Icon name="cross" /> Not saved: {error.message}
        </p>
      )}
      <table>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Desktop notification</th>
            <th scope="col">Sound</th>
          </tr>
        </thead>
        <tbody>
          {KINDS.map(([kind, label]) => (
            <tr key={kind}>
              <td>{label}</td>
              {(['desktop', 'sound'] as const).map((channel) => (
                <td key={channel}>
                  <label className="check">
                    <input type="checkbox" checked={prefs.notifications[kind][channel]} onChange={() => toggle(kind, channel)} data-testid={`notify-${kind}-${channel}`} />
                    {prefs.notifications[kind][channel] ? 'On' : 'Off'}
                  </label>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={() => alertNow({ title: 'Tiltguard test', body: 'This is how an alert looks and sounds.' }, { desktop: true, sound: true })}>
        Test notification and sound
      </button>
    </section>
  )
}
