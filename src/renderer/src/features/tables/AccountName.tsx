// One naming everywhere: an account by its name, with its number on hover.
import type { ReactElement } from 'react'
import type { AccountView } from '../../../../shared/domain/portfolio'

export function AccountName({ id, accounts }: { readonly id: number; readonly accounts: ReadonlyMap<number, AccountView> }): ReactElement {
  return <span title={`account #${id}`}>{accounts.get(id)?.name ?? `#${id}`}</span>
}
