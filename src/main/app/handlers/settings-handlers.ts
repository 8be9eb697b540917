// The trader's preferences (theme, alerts, kill-switch hotkey and lockout length, backstop checklist).
import type { ContractHandlers } from '../../../shared/ipc/api'
import type { HandlerContext } from './context'

export function settingsHandlers({ modes }: HandlerContext): Pick<ContractHandlers, 'getPreferences' | 'updatePreferences'> {
  return {
    getPreferences: async () => modes.services.preferences.get(),
    updatePreferences: async (next) => modes.services.preferences.update(next),
  }
}
