#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring, so the keychain
# tests talk to a real Secret Service. Where dbus-run-session or gnome-keyring is missing (a
# developer machine without them), the command runs as it is and the keychain tests say why they skip.
set -euo pipefail
if [ -z "${TILTGUARD_IN_KEYRING:-}" ] && command -v dbus-run-session >/dev/null && command -v gnome-keyring-daemon >/dev/null; then
  export TILTGUARD_IN_KEYRING=1
  exec dbus-run-session -- bash "$0" "$@"
fi
if [ -n "${TILTGUARD_IN_KEYRING:-}" ]; then
  XDG_DATA_HOME="$(mktemp -d)"; XDG_RUNTIME_DIR="$(mktemp -d)"; export XDG_DATA_HOME XDG_RUNTIME_DIR
  chmod 700 "$XDG_RUNTIME_DIR"
  echo -n tiltguard-ci | gnome-keyring-daemon --unlock --components=secrets >/dev/null
fi
exec "$@"
