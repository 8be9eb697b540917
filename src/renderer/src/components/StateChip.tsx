// A labelled state: label, icon and word, coloured by tone (the word and icon carry the meaning).
import type { ReactElement } from 'react'
import { Icon } from './Icon'
import type { StateLook } from '../features/status/status-words'

export function StateChip({ label, look, title, testId }: { readonly label?: string; readonly look: StateLook; readonly title?: string; readonly testId?: string }): ReactElement {
  return (
    <span className={`chip tone-${look.tone}`} title={title} data-testid={testId} data-tone={look.tone}>
      {label !== undefined && <span className="chip-label">{label}</span>}
      <Icon name={look.icon} />
      <span className="chip-word" data-testid={testId === undefined ? undefined : `${testId}-word`}>
        {look.word}
      </span>
    </span>
  )
}
