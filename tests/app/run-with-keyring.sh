#!/bin/sh
# run-with-keyring.sh PROGRAM [ARGS…]: run PROGRAM with a private session
# bus and a real, unlocked gnome-keyring, so libsecret stores and finds
# secrets exactly as on a desktop, and nothing touches the user's keyring.
#
# Used as the exe wrapper of the ui tests (tests/app/meson.build) and by
# tools/screenshot. The keyring's files live in a temporary XDG_DATA_HOME,
# which also holds the desk's replicas for this run.
set -eu

if [ -z "${CIVIC_KEYRING_INNER:-}" ]; then
  export CIVIC_KEYRING_INNER=1
  exec dbus-run-session -- "$0" "$@"
fi
unset CIVIC_KEYRING_INNER

home=$(mktemp -d "${TMPDIR:-/tmp}/civic-keyring-XXXXXX")
# dbus-run-session ends the bus, and with it the daemon, when we return
trap 'rm -rf "$home"' EXIT
export XDG_DATA_HOME="$home/data" XDG_RUNTIME_DIR="$home/run" XDG_CONFIG_HOME="$home/config"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR" "$XDG_CONFIG_HOME"
chmod 700 "$XDG_RUNTIME_DIR"

# a password on stdin creates and unlocks the login keyring. It must not
# be empty: with an empty one gnome-keyring 42 creates no "login"
# collection and every store fails. The keyring is thrown away at exit.
eval "$(printf 'civic-throwaway' | gnome-keyring-daemon --unlock --components=secrets)" >/dev/null
export GNOME_KEYRING_CONTROL

# the daemon forks before it owns its bus name; asking earlier would
# bus-activate a second, locked daemon that then wants a prompt
i=0
until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
        org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q true; do
  i=$((i + 1))
  if [ $i -gt 100 ]; then
    echo "run-with-keyring.sh: gnome-keyring-daemon did not start" >&2
    exit 1
  fi
  sleep 0.05
done

# not exec: the trap must clean up after the program
status=0
"$@" || status=$?
exit $status
