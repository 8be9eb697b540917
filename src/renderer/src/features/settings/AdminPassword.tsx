// Sets the admin password once, or changes it with the current one (8–72 characters).
import { useState, type FormEvent, type ReactElement } from 'react'
import { useTiltguardStore } from '../../state/store'
import { useActions } from '../../app/actions-context'
import { Icon } from '../../components/Icon'

export function AdminPassword(): ReactElement {
  const isSet = useTiltguardStore((s) => s.riskMeta?.adminPasswordSet ?? false)
  const actions = useActions()
  const [current, setCurrent] = useState('')
  const [next, setNext] = useState('')
  const [again, setAgain] = useState('')
  const [outcome, setOutcome] = useState<{ ok: boolean; message: string } | null>(null)
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const fields = { current, next, again }
    setCurrent('')
    setNext('')
    setAgain('')
    if (fields.next !== fields.again) return setOutcome({ ok: false, message: 'The two new passwords differ.' })
    if (fields.next.length < 8 || fields.next.length > 72) return setOutcome({ ok: false, message: 'Use 8 to 72 characters.' })
    const error = await actions.setAdminPassword(fields.next, isSet ? fields.current : undefined)
    setOutcome(error === null ? { ok: true, message: isSet ? 'Admin password changed.' : 'Admin password set.' } : { ok: false, message: error.message })
  }
  return (
    <section className="panel" aria-labelledby="admin-title" data-testid="admin-password">
      <h2 id="admin-title">Admin password</h2>
      <p className="hint">
        {isSet
          ? 'Set. Loosening a rule, shadow mode and clearing a lockout early ask for it.'
          : 'Not set. Set one so that loosening a rule during a tilt needs a deliberate step (give it to someone you trust).'}
      </p>
      <form className="sign-in" onSubmit={(e) => void submit(e)} autoComplete="off">
        {isSet && (
          <label>
            Current password
            <input type="password" value={current} onChange={(e) => setCurrent(e.target.value)} required data-testid="admin-current" />
          </label>
        )}
        <label>
          New password
          <input type="password" value={next} onChange={(e) => setNext(e.target.value)} required minLength={8} maxLength={72} data-testid="admin-next" />
        </label>
        <label>
          New password again
          <input type="password" value={again} onChange={(e) => setAgain(e.target.value)} required data-testid="admin-again" />
        </label>
        <div className="row">
          <button type="submit" data-testid="admin-submit">
            {isSet ? 'Change password' : 'Set password'}
          </button>
        </div>
        {outcome !== null && (
          <p className={outcome.ok ? 'tone-ok' : 'tone-bad'} role="status" data-testid="admin-outcome">
            <Icon name={outcome.ok ? 'check' : 'cross'} /> {outcome.message}
          </p>
        )}
      </form>
    </section>
  )
}
