# tools/lib/common.sh: shared by tools/demo, tools/test, tools/screenshot,
# tools/bench. Sourced, not run.

CIVIC_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CIVIC_BUILD=${CIVIC_BUILD:-$CIVIC_ROOT/build}

# Debian 12 packages, and nothing else: the build, the tests (a real window
# under Xvfb, a real PostgreSQL), the benchmarks (wrk) and the PDF checks.
CIVIC_PACKAGES=(
  meson ninja-build pkg-config gcc libc6-dev gettext python3
  libglib2.0-dev libglib2.0-dev-bin libgtk-4-dev libadwaita-1-dev
  libsoup-3.0-dev libjson-glib-dev libshumate-dev libsqlite3-dev
  libsecret-1-dev libsodium-dev libpq-dev libxtst-dev
  desktop-file-utils appstream
  xvfb xauth dbus dbus-x11 gnome-keyring fonts-cantarell adwaita-icon-theme
  sqlite3 wrk openssl glib-networking postgresql nginx
  poppler-utils
)

civic_missing_packages () {
  local missing=() p
  for p in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$p")
    fi
  done
  echo "${missing[@]}"
}

# Installs what is missing when root; otherwise prints the one line to run
# and stops, so nobody is left guessing which package a failure wants.
civic_ensure_packages () {
  local missing
  missing=$(civic_missing_packages "${CIVIC_PACKAGES[@]}")
  [ -z "$missing" ] && return 0
  if [ "$(id -u)" != 0 ]; then
    echo "Civic Desk needs these Debian packages. Install them with:" >&2
    echo "  sudo apt-get install -y --no-install-recommends $missing" >&2
    exit 1
  fi
  echo "Installing Debian packages: $missing" >&2
  export DEBIAN_FRONTEND=noninteractive
  # shellcheck disable=SC2086
  if ! apt-get install -y --no-install-recommends $missing >&2; then
    apt-get update >&2
    # shellcheck disable=SC2086
    apt-get install -y --no-install-recommends $missing >&2
  fi
}

# Configures (once) and builds; build output goes to stderr so that tools
# whose stdout is a contract (tools/bench) stay clean.
civic_build () {
  if [ ! -f "$CIVIC_BUILD/build.ninja" ]; then
    meson setup "$CIVIC_BUILD" "$CIVIC_ROOT" >&2
  fi
  meson compile -C "$CIVIC_BUILD" "$@" >&2
}

civic_env () {
  export GSETTINGS_SCHEMA_DIR="$CIVIC_BUILD/data"
}

# Starts civicdesk-server in the background on 127.0.0.1 port 0 and sets
# CIVIC_SERVER_PID and CIVIC_SERVER_URL from its first line.
civic_start_server () {
  local db=$1 fifo line
  fifo=$(mktemp -u)
  mkfifo "$fifo"
  "$CIVIC_BUILD/src/server/civicdesk-server" serve --db "$db" --listen 127.0.0.1 --port 0 >"$fifo" &
  CIVIC_SERVER_PID=$!
  exec 9<"$fifo"
  rm -f "$fifo"
  if ! read -r -t 30 line <&9; then
    echo "civicdesk-server did not start (see the messages above)" >&2
    return 1
  fi
  CIVIC_SERVER_URL=${line#listening on }
  # keep draining the server's stdout so it never blocks on a full pipe
  cat <&9 >/dev/null &
  exec 9<&-
}
