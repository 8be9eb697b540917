// H12-10: the renderer comes from a custom `app://tiltguard/` protocol instead of file://. Under file:// only
// the <meta> CSP applied (the header hook never sees file loads, and frame-ancestors cannot be set in a
// meta); every app:// response carries the CSP and the other security headers itself. The scheme and the
// process-wide sandbox must be set up before 'ready'.

import { app, protocol, type Session } from 'electron'
import { readFile, realpath, stat } from 'node:fs/promises'
import path from 'node:path'
import { SECURITY_HEADERS } from '../csp'
import { MIME, resolveStaticPath } from '../headless/static-files'

export const APP_SCHEME = 'app'
export const APP_HOST = 'tiltguard'
/** The dashboard's URL under the custom scheme. */
export const APP_INDEX_URL = `${APP_SCHEME}://${APP_HOST}/index.html`

/**
 * Before 'ready': every renderer sandboxed (also ones created without our webPreferences), and `app:`
 * registered as a standard, secure scheme so it gets an origin, 'self' in the CSP and fetch support.
 */
export function installPreReadyGuards(): void {
  app.enableSandbox()
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: false, stream: false } },
  ])
}

/** Answers one app:// request from `rendererDir`: GET only, our host only, no traversal, CSP on every reply. */
export async function appProtocolResponse(rendererDir: string, request: { readonly url: string; readonly method: string }): Promise<Response> {
  const reply = (status: number, body: string | Buffer, type = 'text/plain; charset=utf-8', extra: Record<string, string> = {}): Response =>
    new Response(status === 200 ? new Uint8Array(body as Buffer) : body, { status, headers: { ...SECURITY_HEADERS, 'Content-Type': type, ...extra } })
  if (request.method !== 'GET') return reply(405, 'Method not allowed')
  let url: URL
  try {
    url = new URL(request.url)
  } catch {
    return reply(400, 'Bad URL')
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return reply(404, 'Not found')
  const root = await realpath(rendererDir)
  const candidate = resolveStaticPath(root, url.pathname)
  if (candidate === null) return reply(400, 'Bad path')
  try {
    const file = await realpath(candidate)
    if (!file.startsWith(root + path.sep) || !(await stat(file)).isFile()) return reply(404, 'Not found')
    const type = MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream'
    return reply(200, await readFile(file), type, { 'Cache-Control': path.basename(file) === 'index.html' ? 'no-store' : 'no-cache' })
  } catch {
    return reply(404, 'Not found')
  }
}

/** After 'ready': serves the built renderer folder under app:// in `session`. */
export function serveAppProtocol(session: Session, rendererDir: string): void {
  session.protocol.handle(APP_SCHEME, (request) => appProtocolResponse(rendererDir, request))
}
