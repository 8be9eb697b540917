// The trader's own preferences: how Tiltguard alerts, looks and what the kill switch does. Kept by the
// engine (so both hosts share them) and edited through the contract.
import { z } from 'zod'

const alert = z.object({ desktop: z.boolean(), sound: z.boolean() }).strict()

export const preferencesSchema = z
  .object({
    theme: z.enum(['dark', 'light']),
    notifications: z.object({ warning: alert, breach: alert, lockout: alert }).strict(),
    /** Electron accelerator, e.g. "CommandOrControl+Shift+K"; registered by the desktop host. */
    killSwitchHotkey: z.string().trim().min(3).max(60),
    /** How long the kill switch locks the accounts it flattened. */
    killSwitchLockout: z.enum(['daily_reset', 'indefinite']),
    /** Accounts whose rules only record what they would have done (shadow mode). */
    shadowAccounts: z.array(z.number().int().positive()).max(100),
    /** The backstop checklist items the trader has ticked (mirrored in TopstepX's own risk settings). */
    backstopChecked: z.array(z.enum(['daily_loss_limit', 'max_contracts', 'personal_lockout'])).max(3),
  })
  .strict()

export type Preferences = z.infer<typeof preferencesSchema>

export const DEFAULT_PREFERENCES: Preferences = {
  theme: 'dark',
  notifications: {
    warning: { desktop: true, sound: false },
    breach: { desktop: true, sound: true },
    lockout: { desktop: true, sound: true },
  },
  killSwitchHotkey: 'CommandOrControl+Shift+K',
  killSwitchLockout: 'daily_reset',
  shadowAccounts: [],
  backstopChecked: [],
}
