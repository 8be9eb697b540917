// What an edit changes, as the engine's diff, with the reasons it loosens a rule.
import type { ReactElement } from 'react'
import { Icon } from '../../components/Icon'

export function RulesDiff({ diff, loosening }: { readonly diff: readonly string[]; readonly loosening: readonly string[] }): ReactElement {
  return (
    <div className="rules-diff" data-testid="rules-diff">
      <h3>What changes</h3>
      {loosening.length > 0 && (
        <ul className="tone-warn" data-testid="rules-loosening">
          {loosening.map((l) => (
            <li key={l}>
              <Icon name="warning" /> Loosens: {l}
            </li>
          ))}
        </ul>
      )}
      <pre>
        {diff
          .filter((l) => !l.startsWith('  '))
          .map((l, i) => (
            <span key={i} className={l.startsWith('+') ? 'diff-add' : 'diff-del'}>
              {l}
              {'\n'}
            </span>
          ))}
      </pre>
    </div>
  )
}
