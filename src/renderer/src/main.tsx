// Renderer entry. In Electron the preload has installed `window.tiltguard`; in a browser (headless
// host) the WebSocket bridge client installs it here, before the app mounts. Past this point the
// code only knows TiltguardApi, so it is identical in both shells.
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import './styles.css'
import { App, MissingSecret } from './app/App'
import { ActionsContext } from './app/actions-context'
import { tiltguardStore } from './state/store'
import { startIpcBridge } from './state/ipc-bridge'
import { createActions } from './state/actions'
import { startAlertWatcher } from './alerts/alert-watcher'
import { unlockAudioOnFirstGesture } from './alerts/alert-outputs'
import { createWsApi } from './bridge/ws-api'
import { takeAccessSecret } from './bridge/access-secret'

const root = createRoot(document.getElementById('root') as HTMLElement)

function mount(): void {
  // The preload defines it in Electron; the type says it is always there, so ask the object itself.
  if ((window as { tiltguard?: unknown }).tiltguard === undefined) {
    const secret = takeAccessSecret(window.location, window.history, window.sessionStorage)
    if (secret === null) {
      root.render(<MissingSecret />)
      return
    }
    const origin = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}`
    const ws = createWsApi({ origin, secret, createSocket: (url, protocols) => new WebSocket(url, protocols) })
    Object.defineProperty(window, 'tiltguard', { value: ws.api, writable: false, configurable: false })
    tiltguardStore.setState({ link: ws.link() })
    let wasOpen = false
    ws.onLinkChange((link) => {
      tiltguardStore.setState({ link })
      // Pushes sent while the link was down are lost: fetch the whole state again.
      if (link === 'open' && wasOpen) void bridge.resync()
      if (link === 'open') wasOpen = true
    })
  }
  const api = window.tiltguard
  const bridge = startIpcBridge(api, tiltguardStore)
  const actions = createActions(api, tiltguardStore)
  startAlertWatcher(tiltguardStore)
  unlockAudioOnFirstGesture(window)
  root.render(
    <StrictMode>
      <ActionsContext.Provider value={actions}>
        <App />
      </ActionsContext.Provider>
    </StrictMode>,
  )
}

mount()
