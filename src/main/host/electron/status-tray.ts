// The tray icon: its colour AND shape show the worst current state (green disc OK, amber triangle
// DEGRADED, red square DOWN, grey ring NOT MONITORING), and its tooltip says it in words.

import { Menu, Tray, nativeImage } from 'electron'
import path from 'node:path'
import type { OverallStatus } from '../../../shared/domain/health'

/** Icon file stem and tooltip per state; files are resources/tray-<stem>.png (+ @2x). */
export const TRAY_STATES: Readonly<Record<OverallStatus, { readonly icon: string; readonly words: string }>> = {
  OK: { icon: 'ok', words: 'Monitoring: all connections healthy' },
  DEGRADED: { icon: 'degraded', words: 'DEGRADED: monitoring with problems, see the dashboard' },
  DOWN: { icon: 'down', words: 'DOWN: connection lost, Tiltguard may not see new orders' },
  NOT_MONITORING: { icon: 'not-monitoring', words: 'NOT MONITORING: sign in or use the simulator' },
}

export interface StatusTrayOptions {
  readonly resourcesDir: string
  readonly onShow: () => void
  readonly onQuit: () => void
}

export interface StatusTray {
  /** Shows `status`; does nothing when it is already shown. */
  update(status: OverallStatus): void
  readonly shown: OverallStatus
  destroy(): void
}

/** Creates the tray icon, initially showing `initial`. */
export function createStatusTray(initial: OverallStatus, options: StatusTrayOptions): StatusTray {
  const image = (status: OverallStatus) => nativeImage.createFromPath(path.join(options.resourcesDir, `tray-${TRAY_STATES[status].icon}.png`))
  const tray = new Tray(image(initial))
  let shown = initial
  const render = (status: OverallStatus) => {
    const words = TRAY_STATES[status].words
    tray.setImage(image(status))
    tray.setToolTip(`Tiltguard: ${words}`)
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: words, enabled: false },
        { type: 'separator' },
        { label: 'Show dashboard', click: options.onShow },
        { label: 'Quit Tiltguard…', click: options.onQuit },
      ]),
    )
  }
  render(initial)
  tray.on('click', options.onShow)
  return {
    update(status) {
      if (status === shown) return
      shown = status
      render(status)
    },
    get shown() {
      return shown
    },
    destroy: () => tray.destroy(),
  }
}
