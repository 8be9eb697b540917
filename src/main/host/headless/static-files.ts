// Safe static serving of the built renderer: GET/HEAD only, no directory traversal (decoded,
// normalised and realpath-checked against the root), no directory listings, explicit MIME types.

import { createReadStream } from 'node:fs'
import { realpath, stat } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import path from 'node:path'

export const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
}

/** Maps a request path to a file under `root`, or null when it would escape it or is malformed. */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return null
  }
  if (decoded.includes('\0') || decoded.includes('\\') || !decoded.startsWith('/')) return null
  if (decoded.split('/').some((segment) => segment === '..')) return null
  const relative = decoded === '/' ? 'index.html' : path.posix.normalize(decoded).replace(/^\/+/, '')
  const absolute = path.resolve(root, relative)
  const rootWithSep = root.endsWith(path.sep) ? root : root + path.sep
  return absolute.startsWith(rootWithSep) ? absolute : null
}

/** Serves one request from `root` (already realpath'd), adding `headers` to every response. */
export async function serveStatic(
  root: string,
  req: IncomingMessage,
  res: ServerResponse,
  headers: Readonly<Record<string, string>>,
): Promise<void> {
  const send = (status: number, text: string, extra: Record<string, string> = {}) => {
    res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', ...extra })
    res.end(req.method === 'HEAD' ? undefined : text)
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'Method not allowed', { Allow: 'GET, HEAD' })
  const pathname = (req.url ?? '/').split('?')[0] ?? '/'
  const candidate = resolveStaticPath(root, pathname)
  if (candidate === null) return send(400, 'Bad path')
  let file: string
  try {
    // realpath catches a symlink inside the root that points outside it.
    file = await realpath(candidate)
    if (!file.startsWith(root + path.sep) || !(await stat(file)).isFile()) return send(404, 'Not found')
  } catch {
    return send(404, 'Not found')
  }
  const type = MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream'
  // index.html carries no secret, but must never be served stale after a rebuild.
  const cache = path.basename(file) === 'index.html' ? 'no-store' : 'no-cache'
  res.writeHead(200, { ...headers, 'Content-Type': type, 'Cache-Control': cache })
  if (req.method === 'HEAD') return void res.end()
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res)
}
