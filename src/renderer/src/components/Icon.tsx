// Small inline SVG icons, so every state has a shape as well as a colour and a word.
import type { ReactElement } from 'react'

export type IconName = 'check' | 'spinner' | 'warning' | 'cross' | 'pause' | 'clock' | 'poll' | 'lock' | 'dash' | 'plug' | 'eye' | 'gear' | 'download' | 'shield'

const PATHS: Readonly<Record<IconName, ReactElement>> = {
  check: <path d="M3 8.5l3.2 3L13 4.5" />,
  spinner: <path d="M8 2a6 6 0 1 1-6 6" />,
  warning: (
    <>
      <path d="M8 2L15 14H1z" />
      <path d="M8 6.5v3.5M8 12v.5" />
    </>
  ),
  cross: <path d="M3.5 3.5l9 9M12.5 3.5l-9 9" />,
  pause: <path d="M5.5 3v10M10.5 3v10" />,
  clock: (
    <>
      <circle cx="8" cy="8" r="6" />
      <path d="M8 4.5V8l2.5 1.5" />
    </>
  ),
  poll: <path d="M2 6h10l-3-3M14 10H4l3 3" />,
  lock: (
    <>
      <rect x="3" y="7" width="10" height="7" rx="1" />
      <path d="M5 7V5a3 3 0 0 1 6 0v2" />
    </>
  ),
  dash: <path d="M3 8h10" />,
  plug: <path d="M6 2v4M10 2v4M4 6h8v2a4 4 0 0 1-8 0zM8 12v2" />,
  eye: (
    <>
      <path d="M1.5 8s2.5-4.5 6.5-4.5S14.5 8 14.5 8 12 12.5 8 12.5 1.5 8 1.5 8z" />
      <circle cx="8" cy="8" r="2" />
    </>
  ),
  gear: (
    <>
      <circle cx="8" cy="8" r="2.5" />
      <path d="M8 1.5v2M8 12.5v2M1.5 8h2M12.5 8h2M3.4 3.4l1.4 1.4M11.2 11.2l1.4 1.4M3.4 12.6l1.4-1.4M11.2 4.8l1.4-1.4" />
    </>
  ),
  download: <path d="M8 2v8M4.5 6.5L8 10l3.5-3.5M2.5 13.5h11" />,
  shield: <path d="M8 1.5l5.5 2v4c0 3.5-2.5 6-5.5 7-3-1-5.5-3.5-5.5-7v-4z" />,
}

/** A 16×16 stroke icon; decorative (the word beside it carries the meaning for screen readers). */
export function Icon({ name, className }: { readonly name: IconName; readonly className?: string }): ReactElement {
  return (
    <svg
      className={`icon${name === 'spinner' ? ' icon-spin' : ''}${className ? ` ${className}` : ''}`}
      viewBox="0 0 16 16"
      width="16"
      height="16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      data-icon={name}
    >
      {PATHS[name]}
    </svg>
  )
}
