// Partial quotes: the live market hub sends only the fields that changed since the last quote a
// connection got for that contract (project-x-py merges them into a cached state; live clients test
// for `lastPrice` before using it). The first quote after a subscribe is whole.
import type { PxQuote } from '../../shared/projectx'

export class QuoteDiffer {
  private readonly sent = new WeakMap<object, Map<string, PxQuote>>()

  /** The frame body for `conn`: whole when `full` or the first one, else `symbol` plus the changed fields. */
  frame(conn: object, contractId: string, quote: PxQuote, full: boolean): Partial<PxQuote> {
    let perConn = this.sent.get(conn)
    if (!perConn) this.sent.set(conn, (perConn = new Map()))
    const prev = perConn.get(contractId)
    perConn.set(contractId, quote)
    if (full || !prev) return quote
    const out: Record<string, unknown> = { symbol: quote.symbol }
    for (const [k, v] of Object.entries(quote)) if (prev[k as keyof PxQuote] !== v) out[k] = v
    return out as Partial<PxQuote>
  }

  /** After an unsubscribe the next quote is whole again. */
  forget(conn: object, contractId: string): void {
    this.sent.get(conn)?.delete(contractId)
  }
}
