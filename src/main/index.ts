// Electron entry: the composition root. It takes the single-instance lock, installs the app-wide
// guards, builds the logger and the engine with plain constructors (handing in what only Electron
// has: safeStorage and OS notifications) and gives the engine to the Electron host. Nothing else.
import { app, safeStorage } from 'electron'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createEngine } from './app/create-engine'
import { createAppLogger } from './log'
import { installAppGuards, startElectronHost } from './host/electron/start-electron-host'
import { createOsNotifier } from './host/electron/os-notifier'
import { installPreReadyGuards } from './host/electron/app-protocol'
import type { RendererLocation } from './host/electron/sender-check'
import { readEngineEnv } from './host/engine-env'

// Same folder as the headless engine's default (…/Tiltguard), so both shells share one data dir.
app.setName('Tiltguard')
const here = (relative: string) => fileURLToPath(new URL(relative, import.meta.url))

function rendererLocation(): RendererLocation {
  // electron-vite sets this in dev only; packaged and preview builds load the built file.
  const devUrl = process.env.ELECTRON_RENDERER_URL
  if (!app.isPackaged && devUrl !== undefined && /^http:\/\/(localhost|127\.0\.0\.1):\d+\/?$/.test(devUrl)) return { kind: 'url', url: devUrl }
  // H12-10: app://tiltguard/, so the CSP arrives as a response header (file:// only had the <meta>).
  return { kind: 'app', rendererDir: here('../renderer') }
}

async function main(): Promise<void> {
  const env = readEngineEnv(process.env)
  if (!env.ok) {
    process.stderr.write(`Tiltguard: configuration error: ${env.message}\n`)
    app.exit(2)
    return
  }
  await app.whenReady()
  const { dataDir = app.getPath('userData'), ...rest } = env.value
  const logger = createAppLogger({ logsDir: join(dataDir, 'logs'), version: app.getVersion(), stderr: !app.isPackaged })
  installAppGuards(logger)
  const engine = createEngine({ ...rest, dataDir, host: 'electron' }, { logger, safeStorage, notifier: createOsNotifier(logger.child('notify')) })
  const host = startElectronHost(engine, {
    preloadPath: here('../preload/index.cjs'),
    location: rendererLocation(),
    resourcesDir: here('../../resources'),
    logger,
    onStopped: () => logger.close(),
  })
  app.on('second-instance', () => host.showWindow())
  await engine.start()
}

// H12-10: before 'ready': app.enableSandbox() and the privileged app:// scheme.
installPreReadyGuards()

if (!app.requestSingleInstanceLock()) {
  // Another Tiltguard is running; it gets 'second-instance' and shows its window.
  app.quit()
} else {
  main().catch((error: unknown) => {
    process.stderr.write(`Tiltguard: startup failed: ${error instanceof Error ? error.message : String(error)}\n`)
    app.exit(1)
  })
}
