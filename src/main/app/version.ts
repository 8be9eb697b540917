// The app version, read in one place (package.json): written into every log line (LOG-1) by both hosts.
import { version } from '../../../package.json'

export const APP_VERSION: string = version
