// The trader's preferences (theme, alerts, kill-switch hotkey and lockout, shadow accounts, backstop
// checklist), kept in the live store's meta table so both hosts and every mode share them. A stored
// value that no longer fits the schema falls back to the defaults field by field rather than failing.
import { DEFAULT_PREFERENCES, preferencesSchema, type Preferences } from '../../shared/domain/preferences'
import type { KeyValueStore } from '../enforcement/admin/admin-password'

const KEY = 'engine.preferences'

export class PreferencesStore {
  private cached: Preferences

  constructor(private readonly kv: KeyValueStore) {
    const stored = kv.get<unknown>(KEY)
    const parsed = preferencesSchema.safeParse({ ...DEFAULT_PREFERENCES, ...(typeof stored === 'object' && stored !== null ? stored : {}) })
    this.cached = parsed.success ? parsed.data : DEFAULT_PREFERENCES
  }

  get(): Preferences {
    return this.cached
  }

  /** Replaces everything but the shadow accounts, which change only through `setShadow`. */
  update(next: Preferences): Preferences {
    this.cached = preferencesSchema.parse({ ...next, shadowAccounts: this.cached.shadowAccounts })
    this.kv.set(KEY, this.cached)
    return this.cached
  }

  isShadow(accountId: number): boolean {
    return this.cached.shadowAccounts.includes(accountId)
  }

  setShadow(accountId: number, shadow: boolean): void {
    const others = this.cached.shadowAccounts.filter((id) => id !== accountId)
    this.cached = { ...this.cached, shadowAccounts: shadow ? [...others, accountId].sort((a, b) => a - b) : others }
    this.kv.set(KEY, this.cached)
  }
}
