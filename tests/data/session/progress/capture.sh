#!/bin/sh
# Records stock rsync's --progress and --info=progress2 output (raw stdout,
# with its \r updates) for local copies of files of known sizes. Each case
# writes <case>.out next to this script; cases.txt lists the command of each.
# Usage: ./capture.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src/sub"
truncate -s 268435456 "$work/src/big"
head -c 1234567 /dev/urandom > "$work/src/sub/mid"
printf 'hello\n' > "$work/src/sub/small"
: > "$work/src/sub/empty"

: > "$here/cases.txt"
capture() { # name options...
    name=$1
    shift
    rm -rf "$work/dst"
    rsync -r "$@" "$work/src/" "$work/dst/" > "$here/$name.out"
    echo "$name: rsync -r $* src/ dst/" >> "$here/cases.txt"
}
capture progress --progress
capture progress-h --progress -h
capture progress-hh --progress -hh
capture progress-noh --progress --no-h
capture progress2 --info=progress2
capture progress2-hh --info=progress2 -hh
capture progress2-noh --info=progress2 --no-h
capture progress-noinc --progress --no-inc-recursive
