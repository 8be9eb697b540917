import { describe, expect, it } from 'vitest'
import { DEFAULT_PREFERENCES } from '../../shared/domain/preferences'
import { PreferencesStore } from './preferences-store'

function kv(initial: Record<string, unknown> = {}) {
  const data = new Map(Object.entries(initial))
  return { get: <T>(k: string) => (data.get(k) as T | undefined) ?? null, set: <T>(k: string, v: T) => void data.set(k, v), data }
}

describe('PreferencesStore', () => {
  it('defaults, survives a reload, and keeps shadow accounts out of a plain update', () => {
    const store = kv()
    const prefs = new PreferencesStore(store)
    expect(prefs.get()).toEqual(DEFAULT_PREFERENCES)
    prefs.setShadow(7, true)
    prefs.update({ ...DEFAULT_PREFERENCES, theme: 'light', shadowAccounts: [] })
    const again = new PreferencesStore(store)
    expect(again.get().theme).toBe('light')
    expect(again.isShadow(7)).toBe(true)
  })
  it('a stored value that no longer fits falls back to the defaults instead of failing', () => {
    const prefs = new PreferencesStore(kv({ 'engine.preferences': { theme: 'neon' } }))
    expect(prefs.get()).toEqual(DEFAULT_PREFERENCES)
  })
})
