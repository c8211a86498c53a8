#!/bin/sh
# Records stock rsync sessions for the framing tests (tst_multiplex,
# tst_ndx, tst_itemheader, tst_stats, tst_capture). Run from anywhere with
# stock rsync 3.5.0 as `rsync`; it rewrites the capture folders next to
# this script. Scratch trees live in $WORK (default /tmp/framing-captures).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
TAP=$(cd "$HERE/../../../tools" && pwd)/rsh-tap.py
WORK=${WORK:-/tmp/framing-captures}
rm -rf "$WORK"
mkdir -p "$WORK"

make_src() {
    mkdir -p "$1/sub"
    printf 'hello framing\n' > "$1/a.txt"
    i=0; while [ $i -lt 200 ]; do echo "line $i of a longer file"; i=$((i+1)); done > "$1/sub/b.txt"
    head -c 70000 /dev/zero | tr '\0' 'x' > "$1/big.bin"
    ln -s a.txt "$1/link"
    touch -h -d '2024-01-02 03:04:05' "$1/a.txt" "$1/sub/b.txt" "$1/big.bin" "$1/link" "$1/sub" "$1"
}

capture() { # name, rsync args...
    name=$1; shift
    rm -rf "$HERE/$name"; mkdir -p "$HERE/$name"
    rsync --checksum-seed=1 --rsh="$TAP $HERE/$name" "$@" > "$HERE/$name/stdout.txt" 2>&1 ||
        { echo "rsync failed for $name"; exit 1; }
}

# 1. pull -a into an empty directory
make_src "$WORK/pull-src"
capture pull-a -a "localhost:$WORK/pull-src/" "$WORK/pull-dst/"

# 2. push -az --delete --stats onto a stale tree: one file to delete, one
#    changed file (block sums, matched tokens), one up to date
make_src "$WORK/push-src"
make_src "$WORK/push-dst"
printf 'stale\n' > "$WORK/push-dst/gone.txt"
printf 'y' | dd of="$WORK/push-dst/big.bin" bs=1 seek=35000 conv=notrunc 2>/dev/null
touch -d '2020-01-01' "$WORK/push-dst/big.bin"
capture push-az-delete -az --delete --stats "$WORK/push-src/" "localhost:$WORK/push-dst/"

# 3. pull -az --delete -i onto a stale tree (server sender, compressed tokens)
make_src "$WORK/pull2-src"
make_src "$WORK/pull2-dst"
printf 'stale\n' > "$WORK/pull2-dst/gone.txt"
printf 'y' | dd of="$WORK/pull2-dst/big.bin" bs=1 seek=35000 conv=notrunc 2>/dev/null
touch -d '2020-01-01' "$WORK/pull2-dst/big.bin"
capture pull-az-delete -az --delete -i "localhost:$WORK/pull2-src/" "$WORK/pull2-dst/"
