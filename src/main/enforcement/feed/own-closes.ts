// Fills of Tiltguard's own closes. `Position/closeContract` takes no customTag, so the market order the
// platform makes from it cannot be recognised by tag; without this, every enforced close would count as
// a trade of the trader's and could itself trip trade_frequency_limit (D-4). A close sent for (account,
// contract) claims the next untagged fills of that contract on that account for a short while, and the
// order they belong to, so its later partial fills are ours too.

/** How long after a close request its fills may arrive (the close's own round trip and the hub's delay). */
const CLAIM_WINDOW_MS = 10_000

export class OwnCloses {
  private readonly sent = new Map<string, number>()
  private readonly orders = new Set<number>()

  /** The executor sent a close (whole or partial) for this position. */
  noteClose(accountId: number, contractId: string, at: number): void {
    this.sent.set(`${accountId}|${contractId}`, at)
  }

  /** An order already known to be one of our closes. */
  isOwnOrder(orderId: number): boolean {
    return this.orders.has(orderId)
  }

  /** True when the fill belongs to one of our closes; an order claimed once stays claimed. */
  claims(fill: { accountId: number; contractId: string; orderId: number; customTag: string | null }, at: number): boolean {
    if (this.orders.has(fill.orderId)) return true
    if (fill.customTag !== null) return false
    const key = `${fill.accountId}|${fill.contractId}`
    const sentAt = this.sent.get(key)
    if (sentAt === undefined || at - sentAt > CLAIM_WINDOW_MS || at < sentAt - 1_000) return false
    this.orders.add(fill.orderId)
    return true
  }
}
