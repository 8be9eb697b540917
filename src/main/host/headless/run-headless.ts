// Runs the engine without Electron: parse flags and env, create and start the engine, serve the
// dashboard, print {"url"} as the first stdout line, and stop cleanly on SIGINT/SIGTERM.

import { homedir } from 'node:os'
import type { HostedEngine } from '../../ports/hosted-engine'
import type { Logger } from '../../ports/logger'
import { HELP_TEXT, parseHeadlessArgs, type HeadlessEngineConfig } from './cli-options'
import { startHeadlessHost, type HeadlessHost } from './start-headless-host'

/** A logger the run owns: closed (flushed) after the engine stops. */
export type ClosableLogger = Logger & { close?(): void }

export interface RunHeadlessDeps {
  /** Builds the root logger once the data dir is known (the engine and the host share it). */
  readonly createLogger: (config: HeadlessEngineConfig) => ClosableLogger
  readonly createEngine: (config: HeadlessEngineConfig, logger: Logger) => HostedEngine
  readonly rendererDir: string
  readonly argv: readonly string[]
  readonly env: NodeJS.ProcessEnv
  readonly stdout: (text: string) => void
  readonly stderr: (text: string) => void
  /** Registers the shutdown handler for SIGINT/SIGTERM; tests call it directly. */
  readonly onShutdownSignal: (handler: (signal: string) => void) => void
  readonly exit: (code: number) => void
}

/** A running headless engine: stop() is what a signal triggers. */
export interface RunningHeadless {
  readonly url: string
  stop(): Promise<void>
}

/** Starts everything; resolves with the running instance, or null after printing a usage error. */
export async function runHeadless(deps: RunHeadlessDeps): Promise<RunningHeadless | null> {
  const parsed = parseHeadlessArgs(deps.argv, deps.env, process.platform, homedir())
  if (!parsed.ok) {
    if ('help' in parsed) {
      deps.stderr(HELP_TEXT)
      deps.exit(0)
    } else {
      deps.stderr(`tiltguard engine: ${parsed.message}\n`)
      deps.exit(2)
    }
    return null
  }
  const { config, port } = parsed.options
  const logger = deps.createLogger(config)
  let engine: HostedEngine
  let host: HeadlessHost
  try {
    engine = deps.createEngine(config, logger)
    await engine.start()
    try {
      host = await startHeadlessHost(engine, { rendererDir: deps.rendererDir, port, logger: logger.child('headless') })
    } catch (error) {
      await engine.stop()
      throw error
    }
  } catch (error) {
    logger.error('engine failed to start', { error: error instanceof Error ? error.message : String(error) })
    logger.close?.()
    throw error
  }
  // The contract with scripts and the e2e fixture: exactly one JSON object on the first stdout line.
  deps.stdout(`${JSON.stringify({ url: host.url })}\n`)

  let stopping: Promise<void> | null = null
  const stop = () => {
    stopping ??= (async () => {
      try {
        await host.close()
        await engine.stop()
      } finally {
        logger.close?.()
      }
    })()
    return stopping
  }
  deps.onShutdownSignal((signal) => {
    if (stopping !== null) {
      deps.stderr(`tiltguard engine: ${signal} again, exiting now\n`)
      deps.exit(1)
      return
    }
    logger.info('shutting down', { signal })
    stop().then(
      () => deps.exit(0),
      (error: unknown) => {
        logger.error('shutdown failed', { error: String(error) })
        deps.exit(1)
      },
    )
  })
  return { url: host.url, stop }
}
