#!/bin/sh
# run-with-keyring.sh PROGRAM [ARGS…]: run PROGRAM with a private session
# bus and a real, unlocked gnome-keyring, so libsecret stores and finds
# secrets exactly as on a desktop, and nothing touches the user's keyring.
#
# Used as the exe wrapper of the ui tests (tests/app/meson.build) and by
# tools/screenshot. The keyring's files live in a temporary XDG_DATA_HOME,
# which also holds the desk's replicas for this run.
set -eu

# The tests run with G_DEBUG=fatal-warnings and glibc's heap checks
# (MALLOC_CHECK_, meson's random MALLOC_PERTURB_). They are for our code:
# gnome-keyring-daemon 42 logs a warning now and then and would abort on
# it mid-call ("recipient disconnected"). The bus and the daemon run
# without them; the program gets them back.
if [ -z "${CIVIC_KEYRING_INNER:-}" ]; then
  export CIVIC_KEYRING_INNER=1
  export CIVIC_SAVED_MALLOC_PERTURB="${MALLOC_PERTURB_:-}"
  export CIVIC_SAVED_MALLOC_CHECK="${MALLOC_CHECK_:-}"
  export CIVIC_SAVED_G_DEBUG="${G_DEBUG:-}"
  exec env -u MALLOC_PERTURB_ -u MALLOC_CHECK_ -u G_DEBUG dbus-run-session -- "$0" "$@"
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

if [ -n "$CIVIC_SAVED_MALLOC_PERTURB" ]; then
  export MALLOC_PERTURB_="$CIVIC_SAVED_MALLOC_PERTURB"
fi
if [ -n "$CIVIC_SAVED_MALLOC_CHECK" ]; then
  export MALLOC_CHECK_="$CIVIC_SAVED_MALLOC_CHECK"
fi
if [ -n "$CIVIC_SAVED_G_DEBUG" ]; then
  export G_DEBUG="$CIVIC_SAVED_G_DEBUG"
fi
unset CIVIC_SAVED_MALLOC_PERTURB CIVIC_SAVED_MALLOC_CHECK CIVIC_SAVED_G_DEBUG

# not exec: the trap must clean up after the program
status=0
"$@" || status=$?
exit $status
