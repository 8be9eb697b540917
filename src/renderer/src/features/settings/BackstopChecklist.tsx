// The backstop checklist: Tiltguard acts after an order reaches the exchange; only TopstepX's own risk
// settings act before. This reminds the trader to mirror the key limits there.
import type { ReactElement } from 'react'
import type { Preferences } from '../../../../shared/domain/preferences'
import { useTiltguardStore } from '../../state/store'
import { useActions } from '../../app/actions-context'

type Item = Preferences['backstopChecked'][number]
const ITEMS: readonly (readonly [Item, string])[] = [
  ['daily_loss_limit', 'Daily loss limit set in TopstepX (Account → Risk Settings), at or below Tiltguard’s'],
  ['max_contracts', 'Max contracts (position size limit) set in TopstepX'],
  ['personal_lockout', 'Personal Lockout known and ready in TopstepX, for the days you need a hard stop'],
]

export function BackstopChecklist(): ReactElement {
  const prefs = useTiltguardStore((s) => s.preferences)
  const actions = useActions()
  const toggle = (item: Item) => {
    const checked = prefs.backstopChecked.includes(item) ? prefs.backstopChecked.filter((i) => i !== item) : [...prefs.backstopChecked, item]
    void actions.updatePreferences({ ...prefs, backstopChecked: checked })
  }
  return (
    <section className="panel" aria-labelledby="backstop-title" data-testid="backstop-checklist">
      <h2 id="backstop-title">Backstop checklist</h2>
      <p className="hint">Tiltguard reacts to orders and fills once they happen. Only the broker’s own limits act before an order reaches the exchange: mirror the key ones there.</p>
      <ul className="plain-list">
        {ITEMS.map(([item, label]) => (
          <li key={item}>
            <label className="check">
              <input type="checkbox" checked={prefs.backstopChecked.includes(item)} onChange={() => toggle(item)} data-testid={`backstop-${item}`} />
              {label}
            </label>
          </li>
        ))}
      </ul>
      <p className="muted" data-testid="backstop-count">
        {prefs.backstopChecked.length} of {ITEMS.length} done
      </p>
    </section>
  )
}
