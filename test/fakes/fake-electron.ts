// An in-memory stand-in for the `electron` module (the real one cannot load under plain Node). Tests
// use it with `vi.mock('electron', () => import('…/fake-electron'))` and inspect what was created.

import { EventEmitter } from 'node:events'

/** An Electron-style event whose default can be prevented. */
export class FakeEvent {
  defaultPrevented = false
  constructor(readonly url?: string) {}
  preventDefault(): void {
    this.defaultPrevented = true
  }
}

let nextContentsId = 1

export class FakeWebContents extends EventEmitter {
  readonly id = nextContentsId++
  readonly sent: { channel: string; args: unknown[] }[] = []
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null
  mainFrame = { url: '', parent: null as unknown }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args })
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler
  }
}

export class BrowserWindow extends EventEmitter {
  static readonly instances: BrowserWindow[] = []
  readonly webContents = new FakeWebContents()
  visible = false
  destroyed = false
  focused = false
  loaded: { file?: string; url?: string } = {}
  constructor(readonly options: Record<string, unknown>) {
    super()
    BrowserWindow.instances.push(this)
    app.emit('web-contents-created', new FakeEvent(), this.webContents)
  }
  async loadFile(file: string): Promise<void> {
    this.loaded = { file }
    this.webContents.mainFrame.url = `file://${file}`
  }
  async loadURL(url: string): Promise<void> {
    this.loaded = { url }
    this.webContents.mainFrame.url = url
  }
  show(): void {
    this.visible = true
  }
  hide(): void {
    this.visible = false
  }
  focus(): void {
    this.focused = true
  }
  isDestroyed(): boolean {
    return this.destroyed
  }
  isMinimized(): boolean {
    return false
  }
  restore(): void {}
  /** Like the user clicking the close button. */
  close(): void {
    const event = new FakeEvent()
    this.emit('close', event)
    if (!event.defaultPrevented) this.destroyed = true
  }
}

class FakeApp extends EventEmitter {
  quitted = false
  hasLock = true
  sandboxEnabled = false
  enableSandbox(): void {
    this.sandboxEnabled = true
  }
  requestSingleInstanceLock(): boolean {
    return this.hasLock
  }
  /** Runs Electron's quit sequence: before-quit, then will-quit, each preventable. */
  quit(): void {
    const before = new FakeEvent()
    this.emit('before-quit', before)
    if (before.defaultPrevented) return
    for (const w of BrowserWindow.instances) if (!w.destroyed) w.close()
    const will = new FakeEvent()
    this.emit('will-quit', will)
    if (!will.defaultPrevented) this.quitted = true
  }
  exit(): void {
    this.quitted = true
  }
  whenReady(): Promise<void> {
    return Promise.resolve()
  }
  getPath(): string {
    return '/tmp/fake-user-data'
  }
  setName(): void {}
}
export const app = new FakeApp()

type HeadersListener = (details: { responseHeaders?: Record<string, string[]> }, cb: (r: { responseHeaders?: Record<string, string[]> }) => void) => void
type ProtocolHandler = (request: { url: string; method: string }) => Promise<Response> | Response
class FakeSession extends EventEmitter {
  headersListener: HeadersListener | null = null
  readonly protocolHandlers = new Map<string, ProtocolHandler>()
  readonly protocol = {
    handle: (scheme: string, handler: ProtocolHandler) => void this.protocolHandlers.set(scheme, handler),
  }
  permissionRequestHandler: ((wc: unknown, permission: string, cb: (granted: boolean) => void, details?: { requestingUrl?: string }) => void) | null = null
  permissionCheckHandler: ((wc: unknown, permission: string, requestingOrigin?: string) => boolean) | null = null
  readonly webRequest = {
    onHeadersReceived: (listener: HeadersListener) => {
      this.headersListener = listener
    },
  }
  setPermissionRequestHandler(h: FakeSession['permissionRequestHandler']): void {
    this.permissionRequestHandler = h
  }
  setPermissionCheckHandler(h: FakeSession['permissionCheckHandler']): void {
    this.permissionCheckHandler = h
  }
}
export const session = { defaultSession: new FakeSession() }

/** `protocol` before 'ready': records the privileged schemes. */
export const protocol = {
  privileged: [] as { scheme: string; privileges?: Record<string, boolean> }[],
  registerSchemesAsPrivileged(schemes: { scheme: string; privileges?: Record<string, boolean> }[]): void {
    this.privileged.push(...schemes)
  },
}

type Handler = (event: unknown, ...args: unknown[]) => Promise<unknown>
export const ipcMain = {
  handlers: new Map<string, Handler>(),
  handle(channel: string, handler: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
    this.handlers.set(channel, handler)
  },
  removeHandler(channel: string): void {
    this.handlers.delete(channel)
  },
}

export class Tray extends EventEmitter {
  static readonly instances: Tray[] = []
  tooltip = ''
  menu: unknown = null
  destroyed = false
  constructor(public image: { path: string }) {
    super()
    Tray.instances.push(this)
  }
  setImage(image: { path: string }): void {
    this.image = image
  }
  setToolTip(text: string): void {
    this.tooltip = text
  }
  setContextMenu(menu: unknown): void {
    this.menu = menu
  }
  destroy(): void {
    this.destroyed = true
  }
}

export const nativeImage = { createFromPath: (path: string) => ({ path }) }
export const Menu = { buildFromTemplate: (template: unknown[]) => template }

/** The next answers the quit dialog gives (button index); each call records its options. */
export const dialog = {
  answers: [] as number[],
  calls: [] as unknown[],
  async showMessageBox(...args: unknown[]): Promise<{ response: number }> {
    this.calls.push(args[args.length - 1])
    return { response: this.answers.shift() ?? 0 }
  },
}

export const powerSaveBlocker = {
  started: [] as string[],
  start(type: string): number {
    this.started.push(type)
    return this.started.length
  },
  isStarted: (id: number) => id > 0,
  stop(): void {},
}
export const powerMonitor = new EventEmitter()

/** Global shortcuts: what is registered, a set of accelerators "taken" by other apps, and `press`. */
export const globalShortcut = {
  registered: new Map<string, () => void>(),
  taken: new Set<string>(),
  register(accelerator: string, callback: () => void): boolean {
    if (this.taken.has(accelerator) || this.registered.has(accelerator)) return false
    this.registered.set(accelerator, callback)
    return true
  },
  unregister(accelerator: string): void {
    this.registered.delete(accelerator)
  },
  isRegistered(accelerator: string): boolean {
    return this.registered.has(accelerator)
  },
  /** Test helper: the user presses the accelerator. */
  press(accelerator: string): boolean {
    const callback = this.registered.get(accelerator)
    callback?.()
    return callback !== undefined
  },
}

/** Resets every recorded instance between tests. */
export function resetFakeElectron(): void {
  BrowserWindow.instances.length = 0
  Tray.instances.length = 0
  app.removeAllListeners()
  app.quitted = false
  app.hasLock = true
  app.sandboxEnabled = false
  protocol.privileged.length = 0
  session.defaultSession = new FakeSession()
  ipcMain.handlers.clear()
  dialog.answers = []
  dialog.calls = []
  powerSaveBlocker.started = []
  powerMonitor.removeAllListeners()
  globalShortcut.registered.clear()
  globalShortcut.taken.clear()
}
