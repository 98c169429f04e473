#!/usr/bin/env bash
# The embedded default: the kiosk with an emulated card and the sandbox API on loopback, no
# hardware. Put demo citizens' cards in and out with the panel at the bottom (or keys 1-7, 0).
# Without a display (a server, CI), the kiosk runs on a virtual screen, saves what it shows to
# demo-attract.png, and the same emulated card and sandbox answer in the terminal.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
onecard=.venv/bin/onecard

if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
  exec "$onecard" kiosk --demo --windowed "$@"
fi

echo "No display: running the kiosk on a virtual screen (Xvfb)."
display_number=77
while [ -e "/tmp/.X$display_number-lock" ]; do display_number=$((display_number + 1)); done
Xvfb ":$display_number" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
trap 'kill "$xvfb_pid" 2>/dev/null || true' EXIT
sleep 0.5
DISPLAY=":$display_number" "$onecard" kiosk --demo --windowed --screenshot demo-attract.png
echo "The kiosk's attract screen is in demo-attract.png."
echo
echo "The same embedded default from the terminal: demo citizen somchai's card and entitlements."
"$onecard" status --card --demo somchai
