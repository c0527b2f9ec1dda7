#!/usr/bin/env bash
# Make sure the system libraries Qt needs are installed (Debian/Ubuntu).
#   scripts/system-deps.sh test   offscreen Qt (tests, --screenshot)
#   scripts/system-deps.sh run    plus a real X display (xcb)
# As root it installs what is missing; otherwise it prints the exact apt line and stops.
set -euo pipefail
OFFSCREEN="libegl1 libgl1 libx11-6 libdbus-1-3 libfontconfig1 libfreetype6 libglib2.0-0 libxkbcommon0 fonts-dejavu-core"
DISPLAY_SET="libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-render0 libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-util1 libxcb-xfixes0 libxcb-xkb1 libxcb1 libxkbcommon-x11-0 libx11-xcb1"
# xvfb + xauth: the real window on a virtual screen; poppler-utils: pdftoppm for report checks;
# postgresql: team mode is tested against a real server (a throwaway cluster, tests/postgres.py);
# dunst + dbus: reminders are tested against a real notification daemon on a private bus.
# strace: an import is killed at each of its writes in turn (tests/kill_every_write.py).
# python3-pyatspi + at-spi2-core: what a screen reader hears, read over AT-SPI (tests/atspi_probe.py).
TEST_TOOLS="xvfb xauth poppler-utils postgresql dunst dbus libnotify-bin strace python3-pyatspi at-spi2-core dovecot-imapd openssl"
case "${1:-test}" in
  run) wanted="$OFFSCREEN $DISPLAY_SET" ;;
  test) wanted="$OFFSCREEN $DISPLAY_SET $TEST_TOOLS" ;;
  *) echo "usage: $0 run|test" >&2; exit 2 ;;
esac
if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "Not a Debian/Ubuntu system: install Qt 6's runtime libraries (EGL, GL, xkbcommon, fontconfig, xcb) yourself." >&2
  exit 0
fi
missing=""
for pkg in $wanted; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
  echo "Installing system packages:$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
  echo "Qt needs system packages that are not installed. Run:" >&2
  echo "  sudo apt-get install$missing" >&2
  echo "then run this command again." >&2
  exit 1
fi
