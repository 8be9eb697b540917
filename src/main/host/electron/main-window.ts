// The dashboard window: secure webPreferences, shown when ready, and hidden (not closed) when the
// trader closes it, so the app and its enforcement keep running in the tray.

import { BrowserWindow } from 'electron'
import { APP_INDEX_URL } from './app-protocol'
import { secureWebPreferences } from './security'
import type { RendererLocation } from './sender-check'

export interface MainWindowOptions {
  readonly preloadPath: string
  readonly location: RendererLocation
  readonly iconPath?: string
  /** True once the app is really quitting; until then 'close' only hides the window. */
  readonly isQuitting: () => boolean
  /** Called the first time the window hides to the tray, e.g. to explain where it went. */
  readonly onHiddenToTray?: () => void
}

/** Creates and loads the dashboard window. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Tiltguard',
    backgroundColor: '#0e1116',
    autoHideMenuBar: true,
    ...(options.iconPath !== undefined ? { icon: options.iconPath } : {}),
    webPreferences: secureWebPreferences(options.preloadPath),
  })
  win.once('ready-to-show', () => win.show())
  let toldAboutTray = false
  win.on('close', (event) => {
    if (options.isQuitting()) return
    event.preventDefault()
    win.hide()
    if (!toldAboutTray) {
      toldAboutTray = true
      options.onHiddenToTray?.()
    }
  })
  if (options.location.kind === 'file') void win.loadFile(options.location.path)
  else if (options.location.kind === 'app') void win.loadURL(APP_INDEX_URL)
  else void win.loadURL(options.location.url)
  return win
}
