// H12-10: the renderer over app:// with the CSP as a response header, app.enableSandbox(), through the faked electron.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { FakeEngine } from '../../../../test/fakes/fake-engine'
import * as fake from '../../../../test/fakes/fake-electron'
import { MemoryLogger } from '../../../../test/fakes/memory-logger'
import { CONTENT_SECURITY_POLICY } from '../csp'
import { APP_INDEX_URL, appProtocolResponse, installPreReadyGuards } from './app-protocol'
import { isTrustedSender } from './sender-check'
import { installAppGuards, startElectronHost } from './start-electron-host'

vi.mock('electron', () => import('../../../../test/fakes/fake-electron'))

let dir: string
let rendererDir: string
beforeEach(async () => {
  fake.resetFakeElectron()
  dir = await mkdtemp(path.join(tmpdir(), 'tiltguard-app-'))
  rendererDir = path.join(dir, 'renderer')
  await mkdir(path.join(rendererDir, 'assets'), { recursive: true })
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Tiltguard</title>')
  await writeFile(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)')
  await writeFile(path.join(dir, 'secret.txt'), 'OUTSIDE')
  await symlink(path.join(dir, 'secret.txt'), path.join(rendererDir, 'link.txt'))
})
afterEach(() => rm(dir, { recursive: true, force: true }))

describe('app:// renderer protocol', () => {
  it('H12-10 electron: before ready, enableSandbox() is called and app: is registered standard + secure', () => {
    installPreReadyGuards()
    expect(fake.app.sandboxEnabled).toBe(true)
    expect(fake.protocol.privileged).toEqual([expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) })])
  })

  it('H12-10 electron: the window loads app://tiltguard/index.html and every app:// reply carries the CSP header', async () => {
    const logger = new MemoryLogger()
    installAppGuards(logger)
    startElectronHost(new FakeEngine(), { preloadPath: '/p/index.cjs', location: { kind: 'app', rendererDir }, resourcesDir: '/r', logger })
    const win = fake.BrowserWindow.instances[0]
    expect(win?.loaded).toEqual({ url: APP_INDEX_URL })
    const handler = fake.session.defaultSession.protocolHandlers.get('app')
    expect(handler).toBeDefined()
    const index = await handler!({ url: APP_INDEX_URL, method: 'GET' })
    expect(index.status).toBe(200)
    expect(index.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
    expect(index.headers.get('content-type')).toContain('text/html')
    expect(await index.text()).toContain('<title>Tiltguard</title>')
    const js = await handler!({ url: 'app://tiltguard/assets/app.js', method: 'GET' })
    expect(js.headers.get('content-type')).toContain('text/javascript')
    expect(js.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
  })

  it('H12-10 electron: traversal, symlinks out of the folder, other hosts and non-GET are refused (still with the CSP)', async () => {
    for (const [url, method, status] of [
      ['app://tiltguard/../secret.txt', 'GET', 404],
      ['app://tiltguard/%2e%2e/secret.txt', 'GET', 400],
      ['app://tiltguard/link.txt', 'GET', 404],
      ['app://evil/index.html', 'GET', 404],
      [APP_INDEX_URL, 'POST', 405],
    ] as const) {
      const res = await appProtocolResponse(rendererDir, { url, method })
      expect(res.status, url).not.toBe(200)
      expect([status, 404, 400]).toContain(res.status)
      expect(await res.text()).not.toContain('OUTSIDE')
      expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
    }
  })

  it('H12-10 electron: IPC is trusted only from the top frame showing app://tiltguard/', () => {
    const location = { kind: 'app', rendererDir } as const
    const ev = (url: string, parent: unknown = null) => ({ sender: { id: 7 }, senderFrame: { url, parent } })
    expect(isTrustedSender(ev(APP_INDEX_URL), 7, location)).toBe(true)
    expect(isTrustedSender(ev('app://evil/index.html'), 7, location)).toBe(false)
    expect(isTrustedSender(ev('file:///opt/tiltguard/out/renderer/index.html'), 7, location)).toBe(false)
    expect(isTrustedSender(ev(APP_INDEX_URL, {}), 7, location)).toBe(false)
  })
})
