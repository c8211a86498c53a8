#!/usr/bin/env bash
# Renders the desktop app's screens to PNG files under docs/screenshots/ on a
# virtual X display (Xvfb), so the pictures look the same on every machine.
# The screens show demo profiles over a demo tree made here, in a private
# config (XDG_CONFIG_HOME / XDG_DATA_HOME), never the user's own.
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
# A fixed demo path keeps the pictures identical from run to run.
demo=/tmp/qrsync-demo
config=$(mktemp -d)
trap 'rm -rf "$config" "$demo"' EXIT
rm -rf "$demo"

# The demo tree: a Documents folder with a few changes since its last
# backup (new, changed, deleted files, files the filters leave out) and
# large videos so the run view has something to show mid-copy.
doc=$demo/Documents
bak=$demo/Backup/Documents
mkdir -p "$doc/projects/site/node_modules" "$doc/reports" "$doc/videos" "$bak/reports" "$bak/old"
printf 'Meeting notes\n' >"$doc/notes.txt"
printf '<h1>Hello</h1>\n' >"$doc/projects/site/index.html"
printf 'module.exports = 1\n' >"$doc/projects/site/node_modules/x.js"
printf 'scratch\n' >"$doc/draft.tmp"
for n in 1 2 3; do head -c $((n * 300000)) /dev/urandom >"$doc/reports/q$n.pdf"; done
for n in 1 2 3 4 5 6 7 8; do head -c 24000000 /dev/urandom >"$doc/videos/clip$n.mp4"; done
cp "$doc/reports/q1.pdf" "$doc/reports/q2.pdf" "$bak/reports/"
printf 'Old notes\n' >"$bak/notes.txt"
printf 'obsolete\n' >"$bak/old/plan.txt"
chmod 600 "$bak/reports/q1.pdf"
touch -r "$doc/reports/q1.pdf" "$bak/reports/q1.pdf"
touch -r "$doc/reports/q2.pdf" "$bak/reports/q2.pdf"
mkdir -p "$demo/Pictures" "$demo/Backup"

profiles=$config/config/qrsync/profiles
mkdir -p "$profiles"
profile() { # id name mode destination filters-json sources-json
    cat >"$profiles/$1.json" <<JSON
{ "format": "qrsync-profile", "version": 1, "id": "$1", "name": "$2",
  "sources": $6, "destination": "$4", "mode": "$3", "filters": $5 }
JSON
}
profile 11111111-0000-4000-8000-000000000001 "Documents to USB disk" mirror "$bak" \
    '["- *.tmp", "- node_modules/", "- .cache/"]' "[\"$doc/\"]"
profile 11111111-0000-4000-8000-000000000002 "Photos" backup "$demo/Backup/Pictures" \
    '[]' "[\"$demo/Pictures/\"]"
profile 11111111-0000-4000-8000-000000000003 "Music library to NAS" mirror \
    "alex@nas:/srv/music" '["- *.m3u"]' '["/home/alex/Music/"]'

# A fixed style and scale keep the picture independent of the desktop the
# script happens to run on; the private XDG folders keep the user's Qt
# settings (fonts, colours) and profiles out of it.
shot() { # screen file
    XDG_CONFIG_HOME=$config/config XDG_DATA_HOME=$config/data QT_QPA_PLATFORM=xcb \
        QT_STYLE_OVERRIDE=Fusion QT_SCALE_FACTOR=1 \
        xvfb-run -a -s "-screen 0 1280x800x24" \
        "$app" --screenshot "$out/$2" --screen "$1"
    echo "screenshots: wrote $out/$2"
}
# Order matters: the run writes the history the later screens show.
shot preview preview.png
shot profile profile-dialog.png
shot options profile-options.png
shot filters filter-editor.png
shot settings settings-async.png
shot run run-view.png
shot history history.png
shot main main-window.png
