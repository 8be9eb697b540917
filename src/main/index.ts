// Electron entry: the composition root. It takes the single-instance lock, installs the app-wide
// guards, builds the engine with plain constructors and hands it to the Electron host. Nothing else.
import { app } from 'electron'
import { fileURLToPath } from 'node:url'
import { createEngine } from './app/create-engine'
import { installAppGuards, startElectronHost, type ElectronHost } from './host/electron/start-electron-host'
import type { RendererLocation } from './host/electron/sender-check'
import { readEngineEnv } from './host/engine-env'
import { createStderrLogger } from './host/stderr-logger'

// Same folder as the headless engine's default (…/Tiltguard), so both shells share one data dir.
app.setName('Tiltguard')
const logger = createStderrLogger('tiltguard', process.env.TILTGUARD_LOG_LEVEL === 'debug' ? 'debug' : 'info')
const here = (relative: string) => fileURLToPath(new URL(relative, import.meta.url))

function rendererLocation(): RendererLocation {
  // electron-vite sets this in dev only; packaged and preview builds load the built file.
  const devUrl = process.env.ELECTRON_RENDERER_URL
  if (!app.isPackaged && devUrl !== undefined && /^http:\/\/(localhost|127\.0\.0\.1):\d+\/?$/.test(devUrl)) return { kind: 'url', url: devUrl }
  return { kind: 'file', path: here('../renderer/index.html') }
}

async function main(): Promise<void> {
  const env = readEngineEnv(process.env)
  if (!env.ok) {
    logger.error(`configuration error: ${env.message}`)
    app.exit(2)
    return
  }
  await app.whenReady()
  const { dataDir, ...rest } = env.value
  const engine = createEngine({ ...rest, dataDir: dataDir ?? app.getPath('userData'), host: 'electron' }, { logger })
  const host: ElectronHost = startElectronHost(engine, {
    preloadPath: here('../preload/index.cjs'),
    location: rendererLocation(),
    resourcesDir: here('../../resources'),
    logger,
  })
  app.on('second-instance', () => host.showWindow())
  await engine.start()
}

if (!app.requestSingleInstanceLock()) {
  // Another Tiltguard is running; it gets 'second-instance' and shows its window.
  app.quit()
} else {
  installAppGuards(logger)
  main().catch((error: unknown) => {
    logger.error('startup failed', { error: error instanceof Error ? error.message : String(error) })
    app.exit(1)
  })
}
