// Asks for the admin password when an action needs it (loosening rules, shadow mode, clearing a
// lockout). The field is cleared after every attempt.
import { useState, type FormEvent, type ReactElement } from 'react'
import { Icon } from '../../components/Icon'

export interface PasswordPromptProps {
  readonly why: string
  readonly error: string | null
  readonly busy?: boolean
  readonly onSubmit: (password: string) => void
  readonly onCancel: () => void
}

export function PasswordPrompt({ why, error, busy, onSubmit, onCancel }: PasswordPromptProps): ReactElement {
  const [password, setPassword] = useState('')
  const submit = (e: FormEvent) => {
    e.preventDefault()
    const typed = password
    setPassword('')
    onSubmit(typed)
  }
  return (
    <form className="password-prompt" role="dialog" aria-label="Admin password" onSubmit={submit} data-testid="password-prompt">
      <p>
        <Icon name="lock" /> {why}
      </p>
      <label>
        Admin password
        <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoFocus required autoComplete="off" data-testid="password-input" />
      </label>
      {error !== null && (
        <p className="tone-bad" role="alert" data-testid="password-error">
          <Icon name="cross" /> {error}
        </p>
      )}
      <div className="row">
        <button type="submit" disabled={busy === true} data-testid="password-submit">
          Confirm
        </button>
        <button type="button" onClick={onCancel} data-testid="password-cancel">
          Cancel
        </button>
      </div>
    </form>
  )
}
