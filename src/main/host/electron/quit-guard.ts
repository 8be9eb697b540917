// Quitting: asks for confirmation while positions are open (enforcement stops with the app), then
// stops the engine before the process exits.

import { app, dialog, type BrowserWindow } from 'electron'
import type { HostedEngine } from '../../ports/hosted-engine'
import type { Logger } from '../../ports/logger'

export interface QuitGuard {
  /** True once quitting is confirmed; windows then really close. */
  readonly isQuitting: () => boolean
  /** Starts a quit (tray menu); same confirmation as any other quit. */
  requestQuit(): void
}

/** Installs the before-quit / will-quit handlers. */
export function installQuitGuard(engine: HostedEngine, window: () => BrowserWindow | null, logger: Logger, onStopped: () => void): QuitGuard {
  let confirmed = false
  let asking = false
  let engineStopped = false

  app.on('before-quit', (event) => {
    if (confirmed) return
    if (!engine.status().hasOpenPositions) {
      confirmed = true
      return
    }
    event.preventDefault()
    if (asking) return
    asking = true
    const win = window()
    const options = {
      type: 'warning' as const,
      title: 'Positions are still open',
      message: 'Positions are still open. Quit Tiltguard anyway?',
      detail: 'While Tiltguard is closed it does not watch these positions, enforce your rules, or flatten anything. Closing the window instead keeps it running in the tray.',
      buttons: ['Keep Tiltguard running', 'Quit anyway'],
      defaultId: 0,
      cancelId: 0,
      noLink: true,
    }
    void (win !== null && !win.isDestroyed() ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options))
      .then(({ response }) => {
        asking = false
        if (response === 1) {
          logger.warn('quit confirmed with open positions')
          confirmed = true
          app.quit()
        }
      })
      .catch((error: unknown) => {
        asking = false
        logger.error('quit confirmation failed', { error: String(error) })
      })
  })

  app.on('will-quit', (event) => {
    if (engineStopped) return
    event.preventDefault()
    engine
      .stop()
      .catch((error: unknown) => logger.error('engine stop failed', { error: String(error) }))
      .finally(() => {
        engineStopped = true
        onStopped()
        app.quit()
      })
  })

  return {
    isQuitting: () => confirmed,
    requestQuit: () => app.quit(),
  }
}
