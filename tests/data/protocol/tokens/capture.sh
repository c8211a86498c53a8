#!/bin/sh
# Re-creates the token-stream captures with stock rsync (see README.md).
# Usage: tests/data/protocol/tokens/capture.sh   (from anywhere)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tap=$(cd "$here/../../../tools" && pwd)/rsh-tap.py
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# capture NAME RSYNC-OPTIONS...: push src/file.txt (= new.txt) over a
# destination that holds basis.txt under the same name, older mtime.
# With FILES="file.txt file2.txt" the pair is pushed twice in one session.
capture() {
    name=$1; shift
    rm -rf "$work/src" "$work/dst" "$here/$name"
    mkdir -p "$work/src" "$work/dst"
    for f in ${FILES:-file.txt}; do
        cp "$here/new.txt" "$work/src/$f"
        cp "$here/basis.txt" "$work/dst/$f"
        touch -d '2020-01-01 00:00:00' "$work/dst/$f"
        touch -d '2021-01-01 00:00:00' "$work/src/$f"
    done
    rsync -a --no-whole-file --checksum-seed=1 -B 2048 "$@" \
        --rsh="$tap $here/$name" "$work/src/" "localhost:$work/dst/"
    for f in ${FILES:-file.txt}; do
        cmp "$work/src/$f" "$work/dst/$f"
    done
}

capture none
capture zlib -z --zc=zlib
capture zlibx -z --zc=zlibx
capture zstd -z --zc=zstd
capture lz4 -z --zc=lz4
FILES="file.txt file2.txt" capture zstd-2files -z --zc=zstd
capture zlib-p30-b131072 -z --zc=zlib --protocol=30 -B 131072
