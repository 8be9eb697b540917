// Each account's trading day as the engine runs it: the day in force and its next reset, in exchange
// time. The reset time itself is set in the engine's settings.json (`tradingDay`); the contract does
// not yet carry a per-account setting, so this panel shows it rather than edits it.
import type { ReactElement } from 'react'
import { useTiltguardStore } from '../../state/store'
import { exchangeTime, zoneAbbreviation } from '../../lib/format'

export function TradingDaySettings(): ReactElement {
  const accounts = useTiltguardStore((s) => s.accounts)
  const risk = useTiltguardStore((s) => s.riskByAccount)
  const zone = useTiltguardStore((s) => s.riskMeta?.exchangeTimeZone ?? 'America/Chicago')
  return (
    <section className="panel" aria-labelledby="trading-day-title" data-testid="trading-day-settings">
      <h2 id="trading-day-title">Trading day</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Account</th>
            <th scope="col">Trading day</th>
            <th scope="col">Next reset</th>
          </tr>
        </thead>
        <tbody>
          {accounts.map((a) => {
            const r = risk[a.id]
            return (
              <tr key={a.id}>
                <td title={`account #${a.id}`}>{a.name}</td>
                <td className="num">{r?.tradingDay ?? '–'}</td>
                <td className="num">{r === undefined ? '–' : `${exchangeTime(r.nextResetAt, zone, false)} ${zoneAbbreviation(r.nextResetAt, zone)}`}</td>
              </tr>
            )
          })}
        </tbody>
      </table>
      <p className="hint">
        The daily reset is set in the engine&apos;s <code>settings.json</code> (<code>tradingDay.resetTime</code>, <code>timeZone</code>).
      </p>
    </section>
  )
}
