// Reads the headless host's per-run secret from the URL fragment, keeps it for reloads in this tab's
// sessionStorage, and removes it from the address bar so it is not shown or shared by accident.

import { SECRET_FRAGMENT_KEY } from '../../../shared/ipc/bridge-protocol'

const STORAGE_KEY = 'tiltguard.bridge-secret'

/** Returns the secret, or null when the page was opened without one. */
export function takeAccessSecret(location: Location, history: History, storage: Storage): string | null {
  const fromHash = new URLSearchParams(location.hash.replace(/^#/, '')).get(SECRET_FRAGMENT_KEY)
  if (fromHash !== null && /^[0-9a-f]{16,256}$/i.test(fromHash)) {
    storage.setItem(STORAGE_KEY, fromHash)
    history.replaceState(null, '', location.pathname + location.search)
    return fromHash
  }
  return storage.getItem(STORAGE_KEY)
}
