// A horizontal bar with its percentage in words beside it (the bar alone is never the message).
import type { ReactElement } from 'react'

export function Meter({ label, percent, tone, detail, testId }: { readonly label: string; readonly percent: number; readonly tone: 'ok' | 'warn' | 'bad'; readonly detail?: string; readonly testId?: string }): ReactElement {
  const shown = Math.round(percent)
  return (
    <div className="meter" data-testid={testId} data-tone={tone}>
      <div className="meter-head">
        <span>{label}</span>
        <span className={`num tone-${tone}`}>
          {shown} %{tone === 'bad' ? ' ⚠' : ''}
          {detail !== undefined && <span className="muted"> · {detail}</span>}
        </span>
      </div>
      <div className="meter-track" role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.min(100, shown)}>
        <div className={`meter-fill fill-${tone}`} style={{ width: `${Math.min(100, Math.max(0, percent))}%` }} />
      </div>
    </div>
  )
}
