// Hardening of every window and session: secure webPreferences, the CSP response header, and denial
// of navigation, redirects, new windows, webviews, downloads and permission requests.

import { APP_HOST, APP_SCHEME } from './app-protocol'
import type { Session, WebContents, WebPreferences } from 'electron'
import { CONTENT_SECURITY_POLICY } from '../csp'
import type { Logger } from '../../ports/logger'

/** The webPreferences of the dashboard window. Everything not needed is switched off explicitly. */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
  }
}

/**
 * Desktop notifications are the one permission our own page gets (warning, breach and lockout alerts the
 * trader switched on); every other permission, and any request from another origin, is refused.
 */
function allowed(permission: string, requestingUrl: string | undefined): boolean {
  return permission === 'notifications' && requestingUrl !== undefined && requestingUrl.startsWith(`${APP_SCHEME}://${APP_HOST}/`)
}

/** Adds our CSP to every response (replacing any other CSP header) and refuses every permission but our page's notifications. */
export function hardenSession(session: Session, logger: Logger): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers: Record<string, string[]> = {}
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      if (name.toLowerCase() !== 'content-security-policy') headers[name] = value
    }
    headers['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY]
    headers['X-Content-Type-Options'] = ['nosniff']
    callback({ responseHeaders: headers })
  })
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const grant = allowed(permission, details?.requestingUrl)
    if (!grant) logger.warn('permission request denied', { permission })
    callback(grant)
  })
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => allowed(permission, requestingOrigin === undefined ? undefined : `${requestingOrigin}/`))
  session.on('will-download', (event) => {
    logger.warn('download refused')
    event.preventDefault()
  })
}

/**
 * Denies everything that could take a web contents away from our page. Applied to every web contents
 * the app creates (app 'web-contents-created'), so nothing is missed.
 */
export function hardenWebContents(contents: WebContents, logger: Logger): void {
  const deny = (what: string) => (event: { preventDefault(): void }, url?: unknown) => {
    logger.warn(`${what} denied`, { url: typeof url === 'string' ? url.slice(0, 200) : undefined })
    event.preventDefault()
  }
  contents.on('will-navigate', deny('navigation'))
  contents.on('will-frame-navigate', (event) => deny('frame navigation')(event, event.url))
  contents.on('will-redirect', deny('redirect'))
  contents.on('will-attach-webview', deny('webview'))
  contents.setWindowOpenHandler(({ url }) => {
    logger.warn('window.open denied', { url: url.slice(0, 200) })
    return { action: 'deny' }
  })
}
