// The IPC router: the single place a renderer-originated request becomes a handler call. It looks the
// request up by contract name or channel, validates the input with the contract's zod schema, runs the
// handler, and always resolves to a Result (never throws, never lets bad input reach a service).

import type { z } from 'zod'
import { requests, type RequestName } from '../../shared/ipc/contract'
import type { ContractHandlers } from '../../shared/ipc/api'
import { appError, type AppError, type Result } from '../../shared/errors'
import type { Logger } from '../ports/logger'
import { toAppError } from './to-app-error'

/** Routes contract requests to handlers; see {@link createIpcRouter}. */
export interface IpcRouter {
  /** Request names, in contract order. */
  readonly names: readonly RequestName[]
  /** Request channels, in contract order (what an Electron host registers with ipcMain). */
  readonly channels: readonly string[]
  /** Runs the request called `name` (e.g. `signIn`). */
  dispatch(name: string, input: unknown): Promise<Result<unknown>>
  /** Runs the request on `channel` (e.g. `session:sign-in`). */
  dispatchChannel(channel: string, input: unknown): Promise<Result<unknown>>
}

/** Thrown at startup when the contract or the handler object is inconsistent: a programming error. */
export class RouterSetupError extends Error {
  override readonly name = 'RouterSetupError'
}

type AnyRequest = { readonly channel: string; readonly input: z.ZodType }
const REQUESTS = requests as Readonly<Record<RequestName, AnyRequest>>
const NAMES = Object.keys(requests) as RequestName[]

/** Fails when two requests share a channel. Exported so tests can feed it a broken contract. */
export function assertUniqueChannels(contract: Readonly<Record<string, { readonly channel: string }>>): void {
  const seen = new Map<string, string>()
  for (const [name, { channel }] of Object.entries(contract)) {
    const previous = seen.get(channel)
    if (previous !== undefined) throw new RouterSetupError(`channel ${channel} is declared by both ${previous} and ${name}`)
    seen.set(channel, name)
  }
}

function isRequestName(name: string): name is RequestName {
  return Object.hasOwn(REQUESTS, name)
}

/** Field paths and messages of a failed parse; never the offending values (they may be secrets). */
function validationError(name: string, error: z.ZodError): AppError {
  const issues = error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }))
  const fields = [...new Set(issues.map((i) => i.path))]
  return appError('VALIDATION_FAILED', `Invalid ${name} request: check ${fields.join(', ')}.`, false, { request: name, issues })
}

/**
 * Builds the router. `handlers` is typed against the whole contract, so a missing handler is a type
 * error; the same is re-checked at run time (engines are composed dynamically), and duplicate
 * channels fail here, at startup.
 */
export function createIpcRouter(handlers: ContractHandlers, options: { readonly logger: Logger }): IpcRouter {
  assertUniqueChannels(REQUESTS)
  for (const name of NAMES) {
    if (typeof (handlers as Record<string, unknown>)[name] !== 'function') {
      throw new RouterSetupError(`no handler for request ${name}`)
    }
  }
  const logger = options.logger
  const byChannel = new Map<string, RequestName>(NAMES.map((n) => [REQUESTS[n].channel, n]))

  async function run(name: RequestName, input: unknown): Promise<Result<unknown>> {
    const parsed = REQUESTS[name].input.safeParse(input)
    if (!parsed.success) return { ok: false, error: validationError(name, parsed.error) }
    try {
      // The parsed data has exactly the handler's input type; the cast bridges the mapped type.
      const handler = handlers[name] as (input: unknown) => Promise<unknown>
      const value = await handler.call(handlers, parsed.data)
      return { ok: true, value }
    } catch (thrown) {
      return { ok: false, error: toAppError(thrown, logger, name) }
    }
  }

  function unknown(what: string): Result<unknown> {
    // Only the length goes to the log: the value came from the renderer.
    logger.warn('request on an unknown channel refused', { length: what.length })
    return { ok: false, error: appError('UNKNOWN_CHANNEL', 'That request is not part of the Tiltguard contract.') }
  }

  return {
    names: NAMES,
    channels: NAMES.map((n) => REQUESTS[n].channel),
    async dispatch(name, input) {
      if (typeof name !== 'string' || !isRequestName(name)) return unknown(String(name))
      return run(name, input)
    },
    async dispatchChannel(channel, input) {
      const name = typeof channel === 'string' ? byChannel.get(channel) : undefined
      if (name === undefined) return unknown(String(channel))
      return run(name, input)
    },
  }
}
