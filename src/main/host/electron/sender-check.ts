// Accepts IPC only from the top-level frame of our own window showing our own page. A frame that
// navigated elsewhere, a subframe, or another window gets FORBIDDEN_SENDER before the router runs.

import { pathToFileURL } from 'node:url'

/** Where the renderer is loaded from: the built index.html, or the dev server URL. */
export type RendererLocation =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'url'; readonly url: string }
  /** H12-10: the built renderer folder, served as app://tiltguard/ (see app-protocol.ts). */
  | { readonly kind: 'app'; readonly rendererDir: string }

/** The fields of an IpcMainInvokeEvent this check reads. */
export interface SenderInfo {
  readonly sender: { readonly id: number }
  readonly senderFrame: { readonly url: string; readonly parent: unknown } | null
}

/** True when `event` comes from the top frame of the window whose webContents id is `windowContentsId`. */
export function isTrustedSender(event: SenderInfo, windowContentsId: number | null, location: RendererLocation): boolean {
  if (windowContentsId === null || event.sender.id !== windowContentsId) return false
  const frame = event.senderFrame
  if (frame === null || frame.parent !== null) return false
  let url: URL
  try {
    url = new URL(frame.url)
  } catch {
    return false
  }
  // app: is a non-special scheme for WHATWG URL, so its origin reads "null"; compare scheme and host.
  if (location.kind === 'app') return url.protocol === 'app:' && url.host === 'tiltguard'
  if (location.kind === 'file') {
    const expected = pathToFileURL(location.path)
    return url.protocol === 'file:' && url.host === '' && url.pathname === expected.pathname
  }
  return url.origin === new URL(location.url).origin
}
