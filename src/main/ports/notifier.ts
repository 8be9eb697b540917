// OS-level notifications (Electron Notification in the desktop shell, a log line headless).

export type NoticeSeverity = 'info' | 'warning' | 'critical'

export interface Notifier {
  notify(title: string, body: string, severity: NoticeSeverity): void
}
