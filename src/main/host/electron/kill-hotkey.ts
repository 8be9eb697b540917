// The kill switch's global hotkey (default Ctrl+Shift+K, from the preferences): registered by the
// desktop host so it works while another app has focus. A press brings the dashboard forward and
// flattens every account through the same contract handler the button uses; the renderer follows it
// through the engine's killSwitchProgress pushes. A chord of three keys is the deliberate act here,
// the way a press-and-hold is on the button.

import type { ContractHandlers } from '../../../shared/ipc/api'
import { DEFAULT_PREFERENCES } from '../../../shared/domain/preferences'
import type { Logger } from '../../ports/logger'

/** The part of Electron's globalShortcut used here. */
export interface GlobalShortcutLike {
  register(accelerator: string, callback: () => void): boolean
  unregister(accelerator: string): void
}

export interface KillHotkey {
  /** The accelerator registered now, or null when none could be (taken by another app, invalid). */
  readonly current: () => string | null
  /** Re-registers under a new accelerator (after the preferences changed). */
  update(accelerator: string): void
  dispose(): void
}

export interface KillHotkeyOptions {
  readonly shortcuts: GlobalShortcutLike
  readonly handlers: Pick<ContractHandlers, 'flattenAll' | 'getPreferences'>
  readonly onPressed: () => void
  readonly logger: Logger
}

/** Registers the hotkey from the preferences (the default if they cannot be read). */
export function startKillHotkey(options: KillHotkeyOptions): KillHotkey {
  const { shortcuts, handlers, logger } = options
  let current: string | null = null
  let running = false
  let disposed = false

  const press = () => {
    options.onPressed()
    if (running) return
    running = true
    logger.warn('kill switch hotkey pressed: flattening every account')
    handlers
      .flattenAll({ accountId: null, confirm: true })
      .then((report) => logger.info('kill switch (hotkey) finished', { accounts: report.accounts.length, ms: report.finishedAt - report.startedAt }))
      .catch((error: unknown) => logger.error('kill switch (hotkey) failed', { error: String(error) }))
      .finally(() => (running = false))
  }

  const update = (accelerator: string) => {
    if (disposed || accelerator === current) return
    if (current !== null) shortcuts.unregister(current)
    current = null
    let ok = false
    try {
      ok = shortcuts.register(accelerator, press)
    } catch (error) {
      logger.warn('kill switch hotkey is not a valid accelerator', { accelerator, error: String(error) })
    }
    if (ok) current = accelerator
    else logger.warn('kill switch hotkey could not be registered (in use by another app?)', { accelerator })
  }

  update(DEFAULT_PREFERENCES.killSwitchHotkey)
  handlers
    .getPreferences({})
    .then((prefs) => update(prefs.killSwitchHotkey))
    .catch((error: unknown) => logger.info('preferences unavailable; kill switch hotkey stays the default', { error: String(error) }))

  return {
    current: () => current,
    update,
    dispose() {
      disposed = true
      if (current !== null) shortcuts.unregister(current)
      current = null
    },
  }
}
