// How an alert reaches the trader: a desktop Notification and a short WebAudio beep. Both are
// best-effort (permission refused, no audio device) and never throw. The desktop host refuses page
// permissions (security.ts), so there the Notification is skipped and the beep still sounds.

export interface AlertMessage {
  readonly title: string
  readonly body: string
}

let audio: AudioContext | null = null

/**
 * Browsers start audio suspended until the user interacts with the page: create and resume the
 * context on the first pointer or key press, so a later alert can sound without one.
 */
export function unlockAudioOnFirstGesture(target: Pick<Window, 'addEventListener' | 'removeEventListener'>): void {
  const unlock = () => {
    try {
      audio ??= new AudioContext()
      void audio.resume()
    } catch {
      // No audio here.
    }
    target.removeEventListener('pointerdown', unlock)
    target.removeEventListener('keydown', unlock)
  }
  target.addEventListener('pointerdown', unlock)
  target.addEventListener('keydown', unlock)
}

/** A short two-tone beep (≈0.3 s), quiet enough not to startle. */
export function beep(urgent = false): void {
  try {
    audio ??= new AudioContext()
    const ctx = audio
    const tones = urgent ? [880, 660, 880] : [660]
    tones.forEach((hz, i) => {
      const osc = ctx.createOscillator()
      const gain = ctx.createGain()
      const start = ctx.currentTime + i * 0.12
      osc.frequency.value = hz
      gain.gain.setValueAtTime(0.0001, start)
      gain.gain.exponentialRampToValueAtTime(0.15, start + 0.01)
      gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.1)
      osc.connect(gain).connect(ctx.destination)
      osc.start(start)
      osc.stop(start + 0.11)
    })
  } catch {
    // No audio here: the notification and the dashboard still say it.
  }
}

/** Shows a desktop notification, asking for permission the first time. */
export function notify(message: AlertMessage): void {
  if (typeof Notification === 'undefined') return
  const show = () => {
    try {
      new Notification(message.title, { body: message.body, tag: `tiltguard-${message.title}` })
    } catch {
      // Some hosts refuse notifications from the page; the dashboard still shows it.
    }
  }
  if (Notification.permission === 'granted') show()
  else if (Notification.permission === 'default') void Notification.requestPermission().then((p) => p === 'granted' && show())
}

export function alertNow(message: AlertMessage, channels: { readonly desktop: boolean; readonly sound: boolean }, urgent = false): void {
  if (channels.desktop) notify(message)
  if (channels.sound) beep(urgent)
}
