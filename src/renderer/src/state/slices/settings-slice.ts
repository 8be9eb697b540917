// Settings state: the trader's preferences (theme, notifications, hotkey, shadow accounts, backstop
// checklist), the rules document and the editor's check, and which view is open.
import type { StateCreator } from 'zustand'
import { DEFAULT_PREFERENCES, type Preferences } from '../../../../shared/domain/preferences'
import type { RulesCheck, RulesDocument } from '../../../../shared/domain/risk'
import type { AppError } from '../../../../shared/errors'
import type { TiltguardState } from '../store'

export type View = 'dashboard' | 'settings'

export interface SettingsSlice {
  /** The engine's preferences, or the defaults until they load. */
  readonly preferences: Preferences
  /** False while the defaults are shown (not loaded, or the engine refused). */
  readonly preferencesLoaded: boolean
  readonly preferencesError: AppError | null
  readonly rulesDocument: RulesDocument | null
  readonly rulesError: AppError | null
  /** The engine's check of the text in the editor, for the text it was made for. */
  readonly rulesCheck: { readonly yaml: string; readonly check: RulesCheck } | null
  readonly view: View
  setPreferences(preferences: Preferences): void
  setPreferencesError(error: AppError | null): void
  setRulesDocument(doc: RulesDocument): void
  setRulesError(error: AppError | null): void
  setRulesCheck(check: SettingsSlice['rulesCheck']): void
  setView(view: View): void
}

export const createSettingsSlice: StateCreator<TiltguardState, [], [], SettingsSlice> = (set) => ({
  preferences: DEFAULT_PREFERENCES,
  preferencesLoaded: false,
  preferencesError: null,
  rulesDocument: null,
  rulesError: null,
  rulesCheck: null,
  view: 'dashboard',
  setPreferences: (preferences) => set({ preferences, preferencesLoaded: true, preferencesError: null }),
  setPreferencesError: (preferencesError) => set({ preferencesError }),
  setRulesDocument: (rulesDocument) => set({ rulesDocument, rulesError: null }),
  setRulesError: (rulesError) => set({ rulesError }),
  setRulesCheck: (rulesCheck) => set({ rulesCheck }),
  setView: (view) => set({ view }),
})
