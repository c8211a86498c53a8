#!/usr/bin/env bash
# Starts the desktop app. On a machine without a display (a server, a
# container) it runs on a virtual X display instead of failing, and says so.
set -euo pipefail
app=${1:-build/bin/qrsync-desktop}
if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
    exec "$app"
fi
echo "No display found (DISPLAY and WAYLAND_DISPLAY are unset): starting qrsync-desktop"
echo "on a virtual X display. Stop it with Ctrl+C; 'make screenshots' renders its windows"
echo "to PNG files under docs/screenshots/."
exec xvfb-run -a -s "-screen 0 1280x800x24" "$app"
