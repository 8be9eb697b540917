// Accounts, open positions and working orders, as dense tables.
import { useMemo, type ReactElement } from 'react'
import { useTiltguardStore } from '../../state/store'
import { OrderSide, OrderStatus, OrderType, WORKING_ORDER_STATUSES } from '../../../../shared/projectx/enums'

function nameOf<T extends Record<string, number>>(table: T, value: number): string {
  return Object.entries(table).find(([, v]) => v === value)?.[0] ?? String(value)
}
const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' })
const price = (p: number | null) => (p === null ? '–' : p.toString())

function Empty({ text, cols }: { readonly text: string; readonly cols: number }): ReactElement {
  return (
    <tr>
      <td colSpan={cols} className="empty">
        {text}
      </td>
    </tr>
  )
}

export function AccountsTable(): ReactElement {
  const accounts = useTiltguardStore((s) => s.portfolio?.accounts)
  return (
    <section className="panel" aria-labelledby="accounts-title">
      <h2 id="accounts-title">Accounts</h2>
      <table data-testid="accounts-table">
        <thead>
          <tr><th scope="col">Account</th><th scope="col">Balance</th><th scope="col">Trading</th><th scope="col">Type</th></tr>
        </thead>
        <tbody>
          {accounts === undefined || accounts.length === 0 ? <Empty text="No accounts." cols={4} /> : accounts.map((a) => (
            <tr key={a.id}>
              <td>{a.name} <span className="muted">#{a.id}</span></td>
              <td className="num">{money.format(a.balance)}</td>
              <td>{a.canTrade ? 'Allowed' : 'Blocked'}</td>
              <td>{a.simulated ? 'Simulated' : 'Funded/live'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}

export function PositionsTable(): ReactElement {
  const positions = useTiltguardStore((s) => s.portfolio?.positions)
  return (
    <section className="panel" aria-labelledby="positions-title">
      <h2 id="positions-title">Open positions</h2>
      <table data-testid="positions-table">
        <thead>
          <tr><th scope="col">Account</th><th scope="col">Contract</th><th scope="col">Side</th><th scope="col">Size</th><th scope="col">Avg price</th><th scope="col">Opened</th></tr>
        </thead>
        <tbody>
          {positions === undefined || positions.length === 0 ? <Empty text="Flat: no open positions." cols={6} /> : positions.map((p) => (
            <tr key={`${p.accountId}:${p.contractId}`}>
              <td>{p.accountId}</td>
              <td>{p.contractName ?? p.contractId}</td>
              <td className={p.side === 'long' ? 'side-long' : 'side-short'}>{p.side === 'long' ? '▲ Long' : '▼ Short'}</td>
              <td className="num">{p.size}</td>
              <td className="num">{p.averagePrice}</td>
              <td>{new Date(p.openedAt).toLocaleTimeString()}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}

export function OrdersTable(): ReactElement {
  const all = useTiltguardStore((s) => s.portfolio?.orders)
  // The snapshot carries the day's orders (filled and cancelled too); this table is the working ones.
  const orders = useMemo(() => all?.filter((o) => WORKING_ORDER_STATUSES.includes(o.status as OrderStatus)), [all])
  return (
    <section className="panel" aria-labelledby="orders-title">
      <h2 id="orders-title">Working orders</h2>
      <table data-testid="orders-table">
        <thead>
          <tr><th scope="col">Order</th><th scope="col">Account</th><th scope="col">Contract</th><th scope="col">Side</th><th scope="col">Type</th><th scope="col">Size</th><th scope="col">Filled</th><th scope="col">Limit</th><th scope="col">Stop</th><th scope="col">Status</th></tr>
        </thead>
        <tbody>
          {orders === undefined || orders.length === 0 ? <Empty text="No working orders." cols={10} /> : orders.map((o) => (
            <tr key={o.id}>
              <td>{o.id}{o.placedByTiltguard && <span className="tag" title="Placed by Tiltguard">TG</span>}</td>
              <td>{o.accountId}</td>
              <td>{o.contractId}</td>
              <td>{o.side === OrderSide.Bid ? 'Buy' : 'Sell'}</td>
              <td>{nameOf(OrderType, o.type)}</td>
              <td className="num">{o.size}</td>
              <td className="num">{o.fillVolume}</td>
              <td className="num">{price(o.limitPrice)}</td>
              <td className="num">{price(o.stopPrice)}</td>
              <td>{nameOf(OrderStatus, o.status)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
