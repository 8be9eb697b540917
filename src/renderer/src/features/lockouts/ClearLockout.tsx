// Clearing one lockout early (LOCK-7): only with the admin password; the engine then clears it and
// the banner follows its next risk push.
import { useState, type ReactElement } from 'react'
import type { LockoutView } from '../../../../shared/domain/risk'
import { useActions } from '../../app/actions-context'
import { PasswordPrompt } from '../settings/PasswordPrompt'

export function ClearLockout({ lockout }: { readonly lockout: LockoutView }): ReactElement {
  const actions = useActions()
  const [open, setOpen] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const submit = async (password: string) => {
    const refused = await actions.clearLockout(lockout.accountId, lockout.ruleId, lockout.symbol, password)
    if (refused === null) setOpen(false)
    setError(refused?.message ?? null)
  }
  if (!open)
    return (
      <button type="button" className="quiet" onClick={() => setOpen(true)} data-testid="lockout-clear">
        Clear early (admin)
      </button>
    )
  return (
    <PasswordPrompt
      why={`Clear "${lockout.label}" before it ends? This loosens enforcement: the admin password is needed.`}
      error={error}
      onSubmit={(pw) => void submit(pw)}
      onCancel={() => {
        setOpen(false)
        setError(null)
      }}
    />
  )
}
