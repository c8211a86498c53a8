#!/bin/sh
# Records stock rsync's --out-format output for tst_outformat: a local copy
# of a fixed tree into an empty directory, once per format. Writes
# outformat.tsv: format, file name, stock's expansion of the format (the
# script appends "|%n" to find the name). Run with stock rsync 3.5.0 as
# `rsync`.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=${WORK:-/tmp/framing-outformat}
export TZ=UTC
rm -rf "$WORK"
mkdir -p "$WORK/src/sub"
printf 'hello\n' > "$WORK/src/a.txt"
head -c 1234567 /dev/zero > "$WORK/src/sub/big"
ln -s a.txt "$WORK/src/link"
chmod 4755 "$WORK/src/sub/big"
chmod 640 "$WORK/src/a.txt"
chmod 1775 "$WORK/src/sub"
touch -h -d '2024-01-02 03:04:05' "$WORK/src/a.txt" "$WORK/src/sub/big" "$WORK/src/link" "$WORK/src/sub" "$WORK/src"
OUT="$HERE/outformat.tsv"
printf '# format\tname\tstock output line (from make-outformat.sh)\n' > "$OUT"
for fmt in '%i %n%L' '%o|%l|%B|%M|%U|%G|%n' "%'l|%''l|%'''l|%-12l|%12l|" '[%-8n][%8n][%L][%5L][%-5L]' \
           '%h|%a|%m|%u|%P|%x|%%|%-'"'"'9l|%' '%C|%n' '%i|%b|%c'; do
    rm -rf "$WORK/dst"
    args=""
    case "$fmt" in *%C*) args="--checksum-choice=md5";; esac
    rsync -a $args --out-format="$fmt|%n" "$WORK/src/" "$WORK/dst/" | grep -v '^created directory' |
    while IFS= read -r line; do
        printf '%s\t%s\t%s\n' "$fmt" "${line##*|}" "${line%|*}" >> "$OUT"
    done
done
