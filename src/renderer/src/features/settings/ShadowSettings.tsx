// Shadow mode per account: rules only record what they would have done. Turning it on loosens, so it
// asks for the admin password.
import { useState, type ReactElement } from 'react'
import { useTiltguardStore } from '../../state/store'
import { useActions } from '../../app/actions-context'
import { Icon } from '../../components/Icon'
import { PasswordPrompt } from './PasswordPrompt'

export function ShadowSettings(): ReactElement {
  const accounts = useTiltguardStore((s) => s.accounts)
  const shadow = useTiltguardStore((s) => s.preferences.shadowAccounts)
  const riskShadow = useTiltguardStore((s) => s.riskByAccount)
  const actions = useActions()
  const [prompt, setPrompt] = useState<{ accountId: number; error: string | null } | null>(null)
  const [error, setError] = useState<string | null>(null)
  const isShadow = (id: number) => shadow.includes(id) || riskShadow[id]?.shadow === true
  const change = async (accountId: number, on: boolean, password?: string) => {
    const result = await actions.setShadow(accountId, on, password)
    if (result === null) {
      setPrompt(null)
      setError(null)
    } else if (result.code === 'ADMIN_REQUIRED' && on) setPrompt({ accountId, error: password === undefined ? null : result.message })
    else setError(result.message)
  }
  return (
    <section className="panel" aria-labelledby="shadow-title" data-testid="shadow-settings">
      <h2 id="shadow-title">Shadow mode</h2>
      <p className="hint">In shadow mode an account&apos;s rules are evaluated and recorded, but Tiltguard sends nothing.</p>
      {accounts.length === 0 && <p className="empty">No accounts yet.</p>}
      <ul className="plain-list">
        {accounts.map((a) => (
          <li key={a.id}>
            <label className="check" title={`account #${a.id}`}>
              <input type="checkbox" checked={isShadow(a.id)} onChange={() => void change(a.id, !isShadow(a.id))} data-testid={`shadow-${a.id}`} />
              {a.name}: {isShadow(a.id) ? (<><Icon name="eye" /> Shadow (not enforced)</>) : 'Enforced'}
            </label>
          </li>
        ))}
      </ul>
      {prompt !== null && (
        <PasswordPrompt
          why="Shadow mode stops enforcement on this account: the admin password is needed."
          error={prompt.error}
          onSubmit={(pw) => void change(prompt.accountId, true, pw)}
          onCancel={() => setPrompt(null)}
        />
      )}
      {error !== null && (
        <p className="tone-bad" role="alert">
          <Icon name="cross" /> {error}
        </p>
      )}
    </section>
  )
}
