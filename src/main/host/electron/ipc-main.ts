// Registers the router on ipcMain: one handler per contract channel, each checking the sender frame
// first. Registering a channel twice fails at startup.

import type { IpcMainInvokeEvent } from 'electron'
import { appError, type Result } from '../../../shared/errors'
import { RouterSetupError, type IpcRouter } from '../../ipc/router'
import type { Logger } from '../../ports/logger'

/** The ipcMain methods used here (a fake in tests). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>): void
  removeHandler(channel: string): void
}

const forbidden: Result<never> = {
  ok: false,
  error: appError('FORBIDDEN_SENDER', 'This request did not come from the Tiltguard dashboard.'),
}

/** Registers every channel of `router`; returns the function that removes them again. */
export function registerIpcHandlers(
  ipcMain: IpcMainLike,
  router: IpcRouter,
  isTrusted: (event: IpcMainInvokeEvent) => boolean,
  logger: Logger,
): () => void {
  const registered = new Set<string>()
  for (const channel of router.channels) {
    if (registered.has(channel)) throw new RouterSetupError(`IPC channel ${channel} registered twice`)
    registered.add(channel)
    ipcMain.handle(channel, async (event, input) => {
      if (!isTrusted(event)) {
        logger.warn('IPC from an untrusted sender refused', { channel })
        return forbidden
      }
      return router.dispatchChannel(channel, input)
    })
  }
  return () => {
    for (const channel of registered) ipcMain.removeHandler(channel)
  }
}
