// Headless entry (`npm run engine`): the engine without Electron, serving the dashboard on 127.0.0.1
// over node:http and the IPC contract over a loopback WebSocket. Never imports electron.
import { fileURLToPath } from 'node:url'
import { createEngine } from './app/create-engine'
import { runHeadless } from './host/headless/run-headless'
import { createStderrLogger } from './host/stderr-logger'

const logger = createStderrLogger('tiltguard', process.env.TILTGUARD_LOG_LEVEL === 'debug' ? 'debug' : 'info')

runHeadless({
  createEngine: (config) => createEngine(config, { logger }),
  // Built layout: out/main/engine.js next to out/renderer/.
  rendererDir: fileURLToPath(new URL('../renderer', import.meta.url)),
  argv: process.argv.slice(2),
  env: process.env,
  logger,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  onShutdownSignal: (handler) => {
    process.on('SIGINT', () => handler('SIGINT'))
    process.on('SIGTERM', () => handler('SIGTERM'))
  },
  exit: (code) => process.exit(code),
}).catch((error: unknown) => {
  logger.error('engine failed to start', { error: error instanceof Error ? error.message : String(error) })
  process.exit(1)
})
