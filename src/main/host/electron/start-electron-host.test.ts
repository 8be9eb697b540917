// The Electron shell with a faked `electron`: window security, CSP, denial of navigation and
// permissions, the IPC sender check, close-to-tray, quit confirmation, tray, power hooks.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { existsSync, readFileSync } from 'node:fs'
import { FakeEngine } from '../../../../test/fakes/fake-engine'
import { MemoryLogger } from '../../../../test/fakes/memory-logger'
import * as fake from '../../../../test/fakes/fake-electron'
import { CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_META } from '../csp'
import { installAppGuards, startElectronHost } from './start-electron-host'
import { REQUEST_CHANNEL, EVENT_CHANNEL } from '../../../shared/ipc/channels'
import { TRAY_STATES } from './status-tray'

vi.mock('electron', () => import('../../../../test/fakes/fake-electron'))

const INDEX = '/opt/tiltguard/out/renderer/index.html'

function start(engine = new FakeEngine()) {
  const logger = new MemoryLogger()
  installAppGuards(logger)
  const host = startElectronHost(engine, {
    preloadPath: '/opt/tiltguard/out/preload/index.cjs',
    location: { kind: 'file', path: INDEX },
    resourcesDir: '/opt/tiltguard/resources',
    logger,
  })
  const win = fake.BrowserWindow.instances[0]
  if (win === undefined) throw new Error('no window')
  return { engine, host, win, logger }
}

const settle = () => new Promise((r) => setTimeout(r, 0))

beforeEach(() => fake.resetFakeElectron())

describe('window security', () => {
  it('opens the window with isolation, sandbox, no node and web security', () => {
    const { win } = start()
    expect(win.options.webPreferences).toMatchObject({
      preload: '/opt/tiltguard/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    })
    expect(win.loaded).toEqual({ file: INDEX })
  })

  it('sets the strict CSP as a response header, replacing any other', () => {
    start()
    let headers: Record<string, string[]> | undefined
    fake.session.defaultSession.headersListener?.({ responseHeaders: { 'content-security-policy': ["default-src *"], 'X-Other': ['1'] } }, (r) => {
      headers = r.responseHeaders
    })
    expect(headers?.['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY])
    expect(headers?.['content-security-policy']).toBeUndefined()
    expect(headers?.['X-Other']).toEqual(['1'])
    for (const directive of ["default-src 'self'", "script-src 'self'", "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'none'"]) {
      expect(CONTENT_SECURITY_POLICY).toContain(directive)
    }
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe')
  })

  it('carries the same CSP in the renderer <meta>, minus the header-only frame-ancestors', () => {
    const html = readFileSync(new URL('../../../renderer/index.html', import.meta.url), 'utf8')
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)
    expect(meta?.[1]).toBe(CONTENT_SECURITY_POLICY_META)
    const directives = (csp: string) => csp.split('; ').sort()
    expect(directives(CONTENT_SECURITY_POLICY)).toEqual(directives(`${meta?.[1]}; frame-ancestors 'none'`))
    expect(meta?.[1]).toContain("script-src 'self'")
  })

  it('denies navigation, frame navigation, redirects, webviews and new windows', () => {
    const { win } = start()
    for (const name of ['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview']) {
      const event = new fake.FakeEvent('https://evil.example/')
      win.webContents.emit(name, event, 'https://evil.example/')
      expect(event.defaultPrevented, name).toBe(true)
    }
    expect(win.webContents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' })
  })

  it('denies every permission request and check, and downloads; only our page may show notifications (issue 11 item 9)', () => {
    start()
    const s = fake.session.defaultSession
    const granted: boolean[] = []
    for (const p of ['media', 'geolocation', 'notifications', 'openExternal']) s.permissionRequestHandler?.(null, p, (g) => granted.push(g), { requestingUrl: 'https://evil.example/' })
    expect(granted).toEqual([false, false, false, false])
    s.permissionRequestHandler?.(null, 'notifications', (g) => granted.push(g), { requestingUrl: 'app://tiltguard/index.html' })
    s.permissionRequestHandler?.(null, 'media', (g) => granted.push(g), { requestingUrl: 'app://tiltguard/index.html' })
    expect(granted.slice(4)).toEqual([true, false])
    expect(s.permissionCheckHandler?.(null, 'clipboard-read')).toBe(false)
    expect(s.permissionCheckHandler?.(null, 'notifications', 'app://tiltguard')).toBe(true)
    expect(s.permissionCheckHandler?.(null, 'notifications', 'https://evil.example')).toBe(false)
    const download = new fake.FakeEvent()
    s.emit('will-download', download)
    expect(download.defaultPrevented).toBe(true)
  })
})

describe('IPC', () => {
  const invoke = (channel: string, event: unknown, input: unknown) => {
    const handler = fake.ipcMain.handlers.get(channel)
    if (handler === undefined) throw new Error(`no handler for ${channel}`)
    return handler(event, input)
  }

  it('registers exactly the contract channels', () => {
    start()
    expect([...fake.ipcMain.handlers.keys()].sort()).toEqual(Object.values(REQUEST_CHANNEL).sort())
  })

  it('answers our top frame, and refuses subframes, other windows and foreign pages before the router', async () => {
    const { win, engine } = start()
    const top = { sender: win.webContents, senderFrame: { url: `file://${INDEX}`, parent: null } }
    expect(await invoke(REQUEST_CHANNEL.getSnapshot, top, {})).toMatchObject({ ok: true })
    const refused = [
      { sender: win.webContents, senderFrame: { url: `file://${INDEX}`, parent: {} } },
      { sender: { id: 9999 }, senderFrame: { url: `file://${INDEX}`, parent: null } },
      { sender: win.webContents, senderFrame: { url: 'https://evil.example/', parent: null } },
      { sender: win.webContents, senderFrame: { url: 'file:///tmp/other.html', parent: null } },
      { sender: win.webContents, senderFrame: null },
    ]
    for (const event of refused) {
      expect(await invoke(REQUEST_CHANNEL.flattenAll, event, { accountId: null, confirm: true })).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN_SENDER' },
      })
    }
    // (The host itself reads the preferences once, for the kill-switch hotkey.)
    expect(engine.calls.map((c) => c.name).filter((n) => n !== 'getPreferences')).toEqual(['getSnapshot'])
  })

  it('validates input from a trusted sender', async () => {
    const { win } = start()
    const top = { sender: win.webContents, senderFrame: { url: `file://${INDEX}`, parent: null } }
    expect(await invoke(REQUEST_CHANNEL.listAudit, top, { limit: 0 })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } })
  })

  it('pushes engine events to the window on the contract channel with a seq', () => {
    const { win, engine } = start()
    engine.emit('sessionChanged', engine.snapshot.session)
    expect(win.webContents.sent).toEqual([{ channel: EVENT_CHANNEL.sessionChanged, args: [{ seq: 1, payload: engine.snapshot.session }] }])
  })
})

describe('lifecycle', () => {
  it('hides the window to the tray on close and keeps the engine running', () => {
    const { win, engine } = start()
    win.show()
    win.close()
    expect(win.destroyed).toBe(false)
    expect(win.visible).toBe(false)
    expect(engine.stopped).toBe(false)
    expect(fake.app.quitted).toBe(false)
  })

  it('shows the hidden window again from the tray or the dock', () => {
    const { win } = start()
    win.close()
    expect(win.visible).toBe(false)
    fake.Tray.instances[0]?.emit('click')
    expect(win.visible).toBe(true)
    win.close()
    fake.app.emit('activate')
    expect(win.visible).toBe(true)
  })

  it('asks before quitting with open positions; "keep running" cancels, "quit anyway" stops the engine', async () => {
    const { engine } = start()
    engine.hasOpenPositions = true
    fake.dialog.answers = [0]
    fake.app.quit()
    await settle()
    expect(fake.dialog.calls).toHaveLength(1)
    expect(JSON.stringify(fake.dialog.calls[0])).toContain('Positions are still open')
    expect(fake.app.quitted).toBe(false)
    expect(engine.stopped).toBe(false)

    fake.dialog.answers = [1]
    fake.app.quit()
    await settle()
    await settle()
    expect(engine.stopped).toBe(true)
    expect(fake.app.quitted).toBe(true)
    expect(fake.Tray.instances[0]?.destroyed).toBe(true)
  })

  it('quits without asking when no position is open', async () => {
    const { engine, win } = start()
    engine.hasOpenPositions = false
    fake.app.quit()
    await settle()
    await settle()
    expect(fake.dialog.calls).toHaveLength(0)
    expect(win.destroyed).toBe(true)
    expect(fake.app.quitted).toBe(true)
  })

  it('shows the worst state on the tray in colour, shape and words', () => {
    const { engine } = start()
    const tray = fake.Tray.instances[0]
    expect(tray?.image.path).toBe('/opt/tiltguard/resources/tray-ok.png')
    expect(tray?.tooltip).toMatch(/Monitoring/)
    engine.setOverall('DOWN')
    expect(tray?.image.path).toBe('/opt/tiltguard/resources/tray-down.png')
    expect(tray?.tooltip).toMatch(/DOWN/)
    engine.setOverall('NOT_MONITORING')
    expect(tray?.tooltip).toMatch(/NOT MONITORING/)
  })

  it('has a committed icon (1x and 2x) for every tray state', () => {
    for (const { icon } of Object.values(TRAY_STATES)) {
      for (const suffix of ['', '@2x']) {
        expect(existsSync(new URL(`../../../../resources/tray-${icon}${suffix}.png`, import.meta.url)), `${icon}${suffix}`).toBe(true)
      }
    }
  })

  it('blocks app suspension and tells the engine when the machine resumes', () => {
    const { engine } = start()
    expect(fake.powerSaveBlocker.started).toEqual(['prevent-app-suspension'])
    fake.powerMonitor.emit('resume')
    expect(engine.resumed).toBe(1)
  })
})
