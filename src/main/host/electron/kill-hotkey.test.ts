// The global kill-switch hotkey with a faked electron: registered from the preferences, re-registered
// when they change, a press flattens every account once, a taken accelerator is reported, and quit
// unregisters it.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { FakeEngine } from '../../../../test/fakes/fake-engine'
import { MemoryLogger } from '../../../../test/fakes/memory-logger'
import * as fake from '../../../../test/fakes/fake-electron'
import { installAppGuards, startElectronHost } from './start-electron-host'
import { startKillHotkey } from './kill-hotkey'
import { REQUEST_CHANNEL } from '../../../shared/ipc/channels'

vi.mock('electron', () => import('../../../../test/fakes/fake-electron'))

const settle = () => new Promise((r) => setTimeout(r, 0))

beforeEach(() => fake.resetFakeElectron())

describe('startKillHotkey', () => {
  it('registers the preferred accelerator and flattens every account on a press, once at a time', async () => {
    const engine = new FakeEngine()
    engine.preferences = { ...engine.preferences, killSwitchHotkey: 'Alt+F12' }
    let shown = 0
    const hotkey = startKillHotkey({ shortcuts: fake.globalShortcut, handlers: engine.handlers, onPressed: () => (shown += 1), logger: new MemoryLogger() })
    expect(hotkey.current()).toBe('CommandOrControl+Shift+K')
    await settle()
    expect(hotkey.current()).toBe('Alt+F12')
    expect([...fake.globalShortcut.registered.keys()]).toEqual(['Alt+F12'])
    fake.globalShortcut.press('Alt+F12')
    fake.globalShortcut.press('Alt+F12')
    await settle()
    expect(engine.calls.filter((c) => c.name === 'flattenAll')).toEqual([{ name: 'flattenAll', input: { accountId: null, confirm: true } }])
    expect(shown).toBe(2)
    hotkey.dispose()
    expect(fake.globalShortcut.registered.size).toBe(0)
  })

  it('keeps the default when the preferences cannot be read, and says when an accelerator is taken', async () => {
    const engine = new FakeEngine()
    engine.failNext = new Error('not wired yet')
    fake.globalShortcut.taken.add('Ctrl+Alt+K')
    const logger = new MemoryLogger()
    const hotkey = startKillHotkey({ shortcuts: fake.globalShortcut, handlers: engine.handlers, onPressed: () => {}, logger })
    await settle()
    expect(hotkey.current()).toBe('CommandOrControl+Shift+K')
    hotkey.update('Ctrl+Alt+K')
    expect(hotkey.current()).toBeNull()
    expect(logger.lines.some((l) => l.message.includes('could not be registered'))).toBe(true)
  })
})

describe('electron host wiring', () => {
  it('registers the hotkey at start, re-registers it when the preferences change, shows the window on a press', async () => {
    const engine = new FakeEngine()
    installAppGuards(new MemoryLogger())
    startElectronHost(engine, {
      preloadPath: '/opt/tiltguard/out/preload/index.cjs',
      location: { kind: 'file', path: '/opt/tiltguard/out/renderer/index.html' },
      resourcesDir: '/opt/tiltguard/resources',
      logger: new MemoryLogger(),
    })
    await settle()
    expect(fake.globalShortcut.isRegistered('CommandOrControl+Shift+K')).toBe(true)
    const win = fake.BrowserWindow.instances[0]!
    const handler = fake.ipcMain.handlers.get(REQUEST_CHANNEL.updatePreferences)!
    await handler({ sender: win.webContents, senderFrame: { url: 'file:///opt/tiltguard/out/renderer/index.html', parent: null } }, { ...engine.preferences, killSwitchHotkey: 'Alt+K' })
    expect(fake.globalShortcut.isRegistered('Alt+K')).toBe(true)
    expect(fake.globalShortcut.isRegistered('CommandOrControl+Shift+K')).toBe(false)
    fake.globalShortcut.press('Alt+K')
    await settle()
    expect(engine.calls.some((c) => c.name === 'flattenAll')).toBe(true)
  })
})
