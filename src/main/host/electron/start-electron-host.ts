// The Electron host: hardens sessions and web contents, opens the dashboard window, wires the IPC
// router (with the sender check) and the event broadcaster, and runs the tray, quit confirmation,
// power-save blocker, resume hook and the kill switch's global hotkey. Call after app 'ready'.

import { app, globalShortcut, ipcMain, powerMonitor, powerSaveBlocker, session, type BrowserWindow } from 'electron'
import path from 'node:path'
import { EVENT_CHANNEL } from '../../../shared/ipc/channels'
import type { HostedEngine } from '../../ports/hosted-engine'
import type { Logger } from '../../ports/logger'
import { createIpcRouter } from '../../ipc/router'
import { createEventBroadcaster, stampSnapshotSeq } from '../../ipc/event-broadcaster'
import { serveAppProtocol } from './app-protocol'
import { hardenSession, hardenWebContents } from './security'
import { isTrustedSender, type RendererLocation } from './sender-check'
import { registerIpcHandlers } from './ipc-main'
import { createMainWindow } from './main-window'
import { createStatusTray } from './status-tray'
import { installQuitGuard } from './quit-guard'
import { startKillHotkey, type KillHotkey } from './kill-hotkey'
import type { ContractHandlers } from '../../../shared/ipc/api'

export interface ElectronHostOptions {
  readonly preloadPath: string
  readonly location: RendererLocation
  /** Folder with the tray icons (resources/). */
  readonly resourcesDir: string
  readonly logger: Logger
  /** Runs once the engine has stopped during quit (e.g. to flush and close the log). */
  readonly onStopped?: () => void
}

export interface ElectronHost {
  /** Shows and focuses the dashboard (tray click, second instance). */
  showWindow(): void
  readonly window: () => BrowserWindow | null
}

/**
 * Installs the app-wide guards that must exist before any window: call as early as possible, before
 * 'ready' (every web contents created later is hardened as it appears).
 */
export function installAppGuards(logger: Logger): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, logger))
  // Keep running in the tray: with no listener, Electron would quit when the last window closes.
  app.on('window-all-closed', () => {})
}

/** Starts the host for `engine`; the engine itself is started by the caller. */
export function startElectronHost(engine: HostedEngine, options: ElectronHostOptions): ElectronHost {
  const { logger } = options
  hardenSession(session.defaultSession, logger)
  if (options.location.kind === 'app') serveAppProtocol(session.defaultSession, options.location.rendererDir)

  let win: BrowserWindow | null = null
  const showWindow = () => {
    if (win === null || win.isDestroyed()) return
    if (win.isMinimized()) win.restore()
    win.show()
    win.focus()
  }

  // The hotkey follows the preferences: a saved change re-registers it.
  let hotkey: KillHotkey | null = null
  const handlers: ContractHandlers = {
    ...engine.handlers,
    async updatePreferences(input) {
      const saved = await engine.handlers.updatePreferences(input)
      hotkey?.update(saved.killSwitchHotkey)
      return saved
    },
  }
  const broadcaster = createEventBroadcaster({
    send: ({ name, seq, payload }) => {
      if (win !== null && !win.isDestroyed()) win.webContents.send(EVENT_CHANNEL[name], { seq, payload })
    },
    onSendError: (error) => logger.warn('push failed', { error: String(error) }),
  })
  const router = createIpcRouter(stampSnapshotSeq(handlers, broadcaster), { logger: logger.child('ipc') })
  const removeHandlers = registerIpcHandlers(
    ipcMain,
    router,
    (event) => isTrustedSender(event, win !== null && !win.isDestroyed() ? win.webContents.id : null, options.location),
    logger.child('ipc'),
  )
  const detach = engine.attach(broadcaster)

  const blockerId = powerSaveBlocker.start('prevent-app-suspension')
  powerMonitor.on('resume', () => {
    logger.info('system resumed; reconnecting')
    engine.onResume()
  })

  let stopStatus: () => void = () => {}
  const quit = installQuitGuard(engine, () => win, logger, () => {
    stopStatus()
    detach()
    broadcaster.dispose()
    removeHandlers()
    if (powerSaveBlocker.isStarted(blockerId)) powerSaveBlocker.stop(blockerId)
    hotkey?.dispose()
    tray.destroy()
    options.onStopped?.()
  })

  const tray = createStatusTray(engine.status().overall, { resourcesDir: options.resourcesDir, onShow: showWindow, onQuit: quit.requestQuit })
  stopStatus = engine.onStatusChange(() => tray.update(engine.status().overall))

  // macOS: clicking the dock icon brings the hidden dashboard back.
  app.on('activate', showWindow)

  win = createMainWindow({
    preloadPath: options.preloadPath,
    location: options.location,
    iconPath: path.join(options.resourcesDir, 'icon.png'),
    isQuitting: quit.isQuitting,
  })
  hotkey = startKillHotkey({ shortcuts: globalShortcut, handlers: engine.handlers, onPressed: showWindow, logger: logger.child('hotkey') })
  return { showWindow, window: () => win }
}
