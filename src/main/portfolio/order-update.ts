// Order status predicates and the ORD-6 last-write-wins rule as a pure decision: whether an incoming
// order update replaces the stored one. The mirror applies the outcome and does the logging.

import { TERMINAL_ORDER_STATUSES, WORKING_ORDER_STATUSES } from '../../shared/projectx/enums'
import type { Order } from './model'
import { diffFields, mergeReported } from './field-util'

export const isWorkingStatus = (status: number): boolean => (WORKING_ORDER_STATUSES as readonly number[]).includes(status)
export const isTerminalStatus = (status: number): boolean => (TERMINAL_ORDER_STATUSES as readonly number[]).includes(status)

/**
 * What to do with one order update:
 * - `older`: its updatedAt is before the stored one;
 * - `regresses`: a hub frame on a timestamp tie that would undo a newer state;
 * - `unchanged`: merging it changes no field;
 * - `apply`: store `after` (the stored order merged with the update).
 * `leftTerminal` flags a terminal order moving to a non-terminal status on a newer timestamp, which is
 * applied (the server is the truth) but worth a warning.
 */
export type OrderUpdateDecision =
  | { readonly kind: 'older' }
  | { readonly kind: 'regresses' }
  | { readonly kind: 'unchanged'; readonly leftTerminal: boolean }
  | { readonly kind: 'apply'; readonly after: Order; readonly leftTerminal: boolean }

/**
 * ORD-6: an order update applies when its updatedAt ≥ the stored one (last-write-wins, CONC-5).
 * With equal or missing timestamps a hub frame may not move a terminal order back to working nor
 * lower fillVolume (Filled-before-Open, S2); REST snapshots win ties because REST is the truth.
 */
export function decideOrderUpdate(stored: Order | null, incoming: Order, fromRest: boolean): OrderUpdateDecision {
  if (stored === null) return { kind: 'apply', after: incoming, leftTerminal: false }
  const storedTs = stored.updatedAt
  const incomingTs = incoming.updatedAt
  if (storedTs !== null && incomingTs !== null && incomingTs < storedTs) return { kind: 'older' }
  const tie = storedTs === null || incomingTs === null || incomingTs === storedTs
  if (tie && !fromRest) {
    const regresses = isTerminalStatus(stored.status) && !isTerminalStatus(incoming.status)
    const shrinks = (incoming.fillVolume ?? stored.fillVolume ?? 0) < (stored.fillVolume ?? 0)
    if (regresses || shrinks) return { kind: 'regresses' }
  }
  const leftTerminal = isTerminalStatus(stored.status) && !isTerminalStatus(incoming.status) && !tie
  const after = mergeReported(stored, incoming)
  if (diffFields(stored, after).length === 0) return { kind: 'unchanged', leftTerminal }
  return { kind: 'apply', after, leftTerminal }
}
