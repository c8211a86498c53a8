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

# Snapshots for the retention screens: a year of dated folders sharing an
# unchanged file through hard links, as snapshot runs leave them.
snaps=$demo/Backup/Home
mkdir -p "$snaps"
head -c 3000000 /dev/urandom >"$demo/shared.bin"
# notes.txt changes three times over the year (the restore screen's versions).
for v in 0 1 2; do
    printf 'Notes, revision %d\n' "$v" >"$demo/notes-$v.txt"
    touch -d "2026-0$((v * 4 + 1))-15 12:00" "$demo/notes-$v.txt"
done
i=0
for stamp in 2025-11-30T210000 2025-12-31T210000 2026-01-31T210000 2026-02-28T210000 \
             2026-03-31T210000 2026-04-30T210000 2026-05-31T210000 2026-06-30T210000 \
             2026-07-31T210000 2026-08-31T210000 2026-09-30T210000 2026-10-25T210000 \
             2026-11-01T210000 2026-11-08T210000 2026-11-15T210000 2026-11-19T210000 \
             2026-11-20T210000 2026-11-21T210000 2026-11-22T210000 2026-11-23T210000 \
             2026-11-24T090000 2026-11-24T210000; do
    i=$((i + 1))
    mkdir -p "$snaps/$stamp"
    ln "$demo/shared.bin" "$snaps/$stamp/shared.bin"
    mkdir -p "$snaps/$stamp/reports"
    ln "$demo/shared.bin" "$snaps/$stamp/reports/q1.pdf"
    ln "$demo/notes-$((i * 3 / 23)).txt" "$snaps/$stamp/notes.txt"
    head -c $((i * 400000)) /dev/urandom >"$snaps/$stamp/changed.bin"
done
ln -s 2026-11-24T210000 "$snaps/latest"
cat >"$profiles/11111111-0000-4000-8000-000000000004.json" <<JSON
{ "format": "qrsync-profile", "version": 2, "id": "11111111-0000-4000-8000-000000000004",
  "name": "Home snapshots", "sources": ["$demo/Documents/"], "destination": "$snaps",
  "mode": "backup",
  "snapshots": { "enabled": true, "keepLast": 2, "daily": 4, "weekly": 3, "monthly": 6 },
  "schedule": { "kind": "weekly", "hour": 21, "minute": 0, "days": ["Mon", "Wed", "Fri"],
                "onlyOnACPower": true, "onlyWhenDestinationMounted": true,
                "randomDelayMinutes": 10 } }
JSON

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
shot snapshots profile-snapshots.png
shot retention retention-simulator.png
shot restore snapshot-browser.png
shot main main-window.png
