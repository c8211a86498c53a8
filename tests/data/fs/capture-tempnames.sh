#!/bin/sh
# Records the temp names stock rsync's receiver creates (receiver.c
# get_tmpname) for awkward target names, as "hex(name) hex(tempname)" with
# the 6 random characters replaced by XXXXXX. Needs strace.
set -eu
work=$(mktemp -d)
mkdir "$work/src" "$work/dst"
cd "$work/src"
python3 - <<'PY'
names = [b"plain", b".hidden", b"trail.", b"two..", b"a" * 250 + b".",
         b"b" * 255, b"c" * 244 + "é".encode() * 5 + b"d",
         b"dash-\n-newline", b"-leading", b"bad\xff\xfeutf8"]
for n in names:
    open(n, "wb").write(b"x")
PY
cd "$work"
strace -f -qq -e trace=renameat,rename,renameat2 -e signal=none -xx -o trace.txt \
    rsync -r src/ dst/
python3 - "$work/trace.txt" <<'PY'
import re, sys
for line in open(sys.argv[1]):
    m = re.search(r'rename(?:at2?)?\((?:\d+, )?"([^"]*)", (?:\d+, )?"([^"]*)"', line)
    if not m:
        continue
    dec = lambda s: bytes(int(h, 16) for h in re.findall(r'\\x([0-9a-f]{2})', s))
    tmp, final = dec(m.group(1)), dec(m.group(2))
    tmp = tmp[:-6] + b"XXXXXX"
    print(final.hex(), tmp.hex())
PY
rm -rf "$work"
