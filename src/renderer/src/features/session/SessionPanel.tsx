// Sign-in and session controls. The API key field is cleared after every attempt and the key is
// never shown back; errors are shown in the trader's words, per field when validation failed.
import { useState, type FormEvent, type ReactElement } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { useTiltguardStore } from '../../state/store'
import { useActions } from '../../app/actions-context'
import { Icon } from '../../components/Icon'

function fieldErrors(detail: Readonly<Record<string, unknown>> | undefined): Map<string, string> {
  const out = new Map<string, string>()
  const issues = Array.isArray(detail?.issues) ? (detail.issues as { path?: unknown; message?: unknown }[]) : []
  for (const i of issues) if (typeof i.path === 'string' && typeof i.message === 'string' && !out.has(i.path)) out.set(i.path, i.message)
  return out
}

const GATEWAY_FIELDS = [
  ['restUrl', 'REST URL'],
  ['userHubUrl', 'User hub URL'],
  ['marketHubUrl', 'Market hub URL'],
] as const

export function SessionPanel(): ReactElement {
  const { session, busy, error } = useTiltguardStore(useShallow((s) => ({ session: s.session, busy: s.sessionBusy, error: s.sessionError })))
  const actions = useActions()
  const [userName, setUserName] = useState('')
  const [apiKey, setApiKey] = useState('')
  const [gateway, setGateway] = useState({ restUrl: '', userHubUrl: '', marketHubUrl: '' })
  const customGateway = Object.values(gateway).some((v) => v.trim() !== '')
  const fields = error?.code === 'VALIDATION_FAILED' ? fieldErrors(error.detail) : new Map<string, string>()
  const live = session?.mode === 'live' && session.state !== 'SIGNED_OUT'

  const submit = (event: FormEvent) => {
    event.preventDefault()
    const key = apiKey
    setApiKey('')
    void actions.signIn(userName, key, customGateway ? gateway : undefined)
  }

  return (
    <section className="panel session" aria-labelledby="session-title" data-testid="session-panel">
      <h2 id="session-title">Session</h2>
      {session?.secretWarning != null && (
        <p className="banner banner-warn" data-testid="secret-warning">
          <Icon name="lock" /> {session.secretWarning}
        </p>
      )}
      {session?.lastError != null && (
        <p className="tone-bad" data-testid="session-last-error">
          <Icon name="cross" /> {session.lastError}
        </p>
      )}
      {error !== null && error.code !== 'VALIDATION_FAILED' && (
        <p className="tone-bad" role="alert" data-testid="session-error">
          <Icon name="cross" /> {error.message}
        </p>
      )}
      {!live && (
        <form className="sign-in" onSubmit={submit} data-testid="sign-in-form" autoComplete="off">
          <label>
            User name
            <input name="userName" value={userName} onChange={(e) => setUserName(e.target.value)} autoComplete="username" spellCheck={false} required maxLength={200} data-testid="sign-in-user" />
          </label>
          {fields.has('userName') && <span className="field-error tone-bad">{fields.get('userName')}</span>}
          <label>
            API key
            <input name="apiKey" type="password" value={apiKey} onChange={(e) => setApiKey(e.target.value)} autoComplete="off" spellCheck={false} required maxLength={500} data-testid="sign-in-key" />
          </label>
          {fields.has('apiKey') && <span className="field-error tone-bad">{fields.get('apiKey')}</span>}
          <details className="gateway-fields" data-testid="gateway-fields">
            <summary>Other ProjectX firm (gateway URLs)</summary>
            <p className="hint">Leave empty for TopstepX. All three are needed, e.g. https://gateway-api-FIRM.s2f.projectx.com</p>
            {GATEWAY_FIELDS.map(([name, label]) => (
              <label key={name}>
                {label}
                <input
                  name={name}
                  type="url"
                  value={gateway[name]}
                  onChange={(e) => setGateway({ ...gateway, [name]: e.target.value })}
                  spellCheck={false}
                  required={customGateway}
                  maxLength={500}
                  data-testid={`gateway-${name}`}
                />
                {fields.has(`gateway.${name}`) && <span className="field-error tone-bad">{fields.get(`gateway.${name}`)}</span>}
              </label>
            ))}
          </details>
          <div className="row">
            <button type="submit" disabled={busy} data-testid="sign-in-submit">
              {busy ? 'Checking key…' : 'Sign in and test key'}
            </button>
            {session?.mode !== 'simulator' && (
              <button type="button" disabled={busy} onClick={() => void actions.useSimulator()}>
                Use simulator
              </button>
            )}
          </div>
        </form>
      )}
      <div className="row session-actions">
        {live && (
          <button type="button" disabled={busy} onClick={() => void actions.signOut()} data-testid="sign-out">
            Sign out
          </button>
        )}
        {session !== null && !session.autoReloginEnabled && (
          <button type="button" disabled={busy} onClick={() => void actions.retryNow()} data-testid="retry-now">
            Retry now
          </button>
        )}
        <button type="button" className="quiet" disabled={busy} onClick={() => void actions.forgetCredentials()} data-testid="forget">
          Forget stored key
        </button>
      </div>
    </section>
  )
}
