// SignalR JSON hub protocol: 0x1E-terminated records and the message shapes the simulator uses.

export const RS = '\u001e'

/** The SignalR message types the simulator speaks (1 Invocation, 3 Completion, 6 Ping, 7 Close). */
export const MessageType = { Invocation: 1, StreamItem: 2, Completion: 3, StreamInvocation: 4, CancelInvocation: 5, Ping: 6, Close: 7 } as const

/** A hub message as parsed from the wire (loosely typed: clients and garbage both arrive here). */
export interface HubMessage {
  type?: number
  invocationId?: string
  target?: string
  arguments?: unknown[]
  [k: string]: unknown
}

/** Splits accumulated text into complete records; returns the unfinished tail. */
export function splitRecords(buffer: string): { records: string[]; rest: string } {
  const parts = buffer.split(RS)
  const rest = parts.pop() ?? ''
  return { records: parts, rest }
}

export function encode(message: object): string {
  return JSON.stringify(message) + RS
}

export function invocation(target: string, args: unknown[]): object {
  return { type: MessageType.Invocation, target, arguments: args }
}

export function completion(invocationId: string, error?: string): object {
  return error === undefined ? { type: MessageType.Completion, invocationId } : { type: MessageType.Completion, invocationId, error }
}
