// Declares what the preload (Electron) or the bridge client (browser) installs on `window`.
import type { TiltguardApi } from '../shared/ipc/api'

declare global {
  interface Window {
    /** The IPC contract; the only way the renderer talks to the engine. */
    tiltguard: TiltguardApi
  }
}

export {}
