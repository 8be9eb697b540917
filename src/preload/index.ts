// The sandboxed preload: exposes exactly the IPC contract as `window.tiltguard`, and nothing else.
import { contextBridge, ipcRenderer } from 'electron'
import { buildTiltguardApi } from './build-api'

contextBridge.exposeInMainWorld('tiltguard', buildTiltguardApi(ipcRenderer))
