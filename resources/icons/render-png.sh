#!/usr/bin/env bash
# Renders qrsync.svg to the PNG sizes committed next to it. Qt loads SVG
# icons only when the optional Qt SVG plugin (libqt6svg6) is installed, so
# the app ships these PNGs as well and never shows a blank icon.
# Needs rsvg-convert (Debian package librsvg2-bin); run after editing the SVG.
set -euo pipefail
cd "$(dirname "$0")"
for size in 32 64 128 256; do
    rsvg-convert -w "$size" -h "$size" qrsync.svg -o "qrsync-$size.png"
done
