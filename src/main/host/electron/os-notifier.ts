// The engine's Notifier in the desktop app: native OS notifications, critical ones kept on screen.
import { Notification } from 'electron'
import type { Notifier } from '../../ports/notifier'
import type { Logger } from '../../ports/logger'

/** Shows engine notices as OS notifications; falls back to the log where they are unsupported. */
export function createOsNotifier(logger: Logger): Notifier {
  return {
    notify(title, body, severity) {
      if (!Notification.isSupported()) {
        logger.warn('notification (unsupported here)', { title, body, severity })
        return
      }
      new Notification({ title, body, urgency: severity === 'critical' ? 'critical' : 'normal', timeoutType: severity === 'critical' ? 'never' : 'default' }).show()
    },
  }
}
