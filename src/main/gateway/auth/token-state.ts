// The token manager's current TokenState with its change listeners; every transition is logged (TOK-14).

import type { Logger } from '../../ports/logger'
import type { TokenState } from '../../../shared/domain/health'
import { ListenerSet } from '../../util/listener-set'

export class ObservableTokenState {
  private current: TokenState = 'INITIAL'
  private readonly listeners = new ListenerSet<[state: TokenState, detail: string | null]>()

  constructor(private readonly log: Logger) {}

  get value(): TokenState {
    return this.current
  }

  onChange(listener: (state: TokenState, detail: string | null) => void): () => void {
    return this.listeners.add(listener)
  }

  /**
   * A repeated state is dropped, except ERROR: each failed retry cycle is news, with its own detail (TOK-8).
   * `detail` must already be sanitized: it is logged and handed to every listener.
   */
  set(next: TokenState, detail: string | null): void {
    if (next === this.current && next !== 'ERROR') return
    const previous = this.current
    this.current = next
    this.log.info('token state', { from: previous, to: next, detail })
    this.listeners.emit(next, detail)
  }
}
