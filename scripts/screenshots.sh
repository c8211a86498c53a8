#!/usr/bin/env bash
# Renders the desktop app's windows to PNG files under docs/screenshots/ on a
# virtual X display (Xvfb), so the pictures look the same on every machine.
# Usage: scripts/screenshots.sh [BUILD_DIR]   (make screenshots)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build}
case $build in
    /*) ;;
    *) build=$root/$build ;;
esac
app=$build/bin/qrsync-desktop
out=$root/docs/screenshots

if [ ! -x "$app" ]; then
    echo "screenshots: $app not found; run 'make build' first" >&2
    exit 1
fi
if ! command -v xvfb-run >/dev/null; then
    echo "screenshots: xvfb-run not found (Debian packages xvfb and xauth;" \
         "scripts/install-deps.sh installs them)" >&2
    exit 1
fi

mkdir -p "$out"
# A fixed style and scale keep the picture independent of the desktop the
# script happens to run on; an empty XDG_CONFIG_HOME keeps the user's Qt
# settings (fonts, colours) out of it.
config=$(mktemp -d)
trap 'rm -rf "$config"' EXIT
XDG_CONFIG_HOME=$config QT_QPA_PLATFORM=xcb QT_STYLE_OVERRIDE=Fusion QT_SCALE_FACTOR=1 \
    xvfb-run -a -s "-screen 0 1280x800x24" \
    "$app" --screenshot "$out/main-window.png"
echo "screenshots: wrote $out/main-window.png"
