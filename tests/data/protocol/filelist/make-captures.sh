#!/bin/sh
# Regenerates the file-list captures in this folder from stock rsync 3.5.0
# (run as root: chown and mknod). Every tree gets fixed names, modes, owners
# and times so tst_filelistgolden can state what it expects.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
TAP=$(cd "$HERE/../../../tools" && pwd)/rsh-tap.py
W=${WORK:-/tmp/flist-captures}
rm -rf "$W"
mkdir -p "$W"

T1="2024-01-02 03:04:05.123456789"
T2="2024-02-03 04:05:06"
T3="2024-03-04 05:06:07.5"

stamp() { touch -h -d "$1" "$2"; }

# src: the basic tree (inc-recursion, names inline, a long path).
mk_basic() {
    d=$1
    mkdir -p "$d/sub/deep" "$d/empty"
    printf hello > "$d/a.txt"; chmod 644 "$d/a.txt"
    head -c 3000 /dev/zero > "$d/b.bin"; chmod 600 "$d/b.bin"
    printf 'in sub\n' > "$d/sub/c.txt"
    printf 'deep\n' > "$d/sub/deep/d.txt"
    ln -s a.txt "$d/link"
    A=$(printf 'A%.0s' $(seq 250)); B=$(printf 'B%.0s' $(seq 250)); C=$(printf 'C%.0s' $(seq 250))
    mkdir -p "$d/$A/$B"; printf x > "$d/$A/$B/$C"
    chmod 755 "$d" "$d/sub" "$d/sub/deep" "$d/$A" "$d/$A/$B"; chmod 700 "$d/empty"
    chown -R 0:0 "$d"
    find "$d" -mindepth 1 | while read -r p; do stamp "$T2" "$p"; done
    stamp "$T1" "$d/a.txt"; stamp "$T3" "$d/sub/c.txt"; stamp "$T1" "$d/link"
    stamp "$T2" "$d/$A/$B"; stamp "$T2" "$d/$A"
    stamp "$T2" "$d/sub/deep"; stamp "$T2" "$d/sub"; stamp "$T2" "$d"
}

mk_basic "$W/src"

# srch: hard links inside one list and across sub-lists.
mkdir -p "$W/srch/sub"
printf one > "$W/srch/f1"; ln "$W/srch/f1" "$W/srch/f1b"; ln "$W/srch/f1" "$W/srch/sub/f1c"
printf two > "$W/srch/sub/g"; ln "$W/srch/sub/g" "$W/srch/sub/g2"
printf solo > "$W/srch/solo"
chown -R 0:0 "$W/srch"; chmod 755 "$W/srch" "$W/srch/sub"; chmod 644 "$W/srch"/f1 "$W/srch/sub/g" "$W/srch/solo"
find "$W/srch" | while read -r p; do stamp "$T2" "$p"; done

# srcn: --no-i-r, one file owned by unnamed ids 1234:5678.
mkdir -p "$W/srcn/sub"
printf a > "$W/srcn/mine"; printf b > "$W/srcn/sub/theirs"
chown -R 0:0 "$W/srcn"; chown 1234:5678 "$W/srcn/sub/theirs"
chmod 755 "$W/srcn" "$W/srcn/sub"; chmod 644 "$W/srcn/mine" "$W/srcn/sub/theirs"
find "$W/srcn" | while read -r p; do stamp "$T1" "$p"; done

# srcd: devices and specials.
mkdir -p "$W/srcd"
mkfifo "$W/srcd/fifo"; mknod "$W/srcd/chr" c 1 3; mknod "$W/srcd/blk" b 7 5
mknod "$W/srcd/chr2" c 1 5; printf r > "$W/srcd/reg"
chown -R 0:0 "$W/srcd"; chmod 755 "$W/srcd"; chmod 644 "$W/srcd"/*
find "$W/srcd" | while read -r p; do stamp "$T1" "$p"; done

# A remote shell that drops the 'v' capability (no varint flags, no
# negotiation) so the sender uses one-byte/two-byte flags.
cat > "$W/rsh-novarint.sh" <<EOS
#!/bin/sh
DIR=\$1; shift
args=""
for a in "\$@"; do args="\$args \$(printf %s "\$a" | sed 's/\\.iLsfxCIvu\$/.iLsfxCI/')"; done
exec "$TAP" "\$DIR" \$args
EOS
chmod +x "$W/rsh-novarint.sh"

cap() { # cap NAME SRC RSYNC-OPTIONS...
    name=$1; src=$2; shift 2
    rm -rf "$HERE/$name" "$W/dst-$name"; mkdir -p "$W/dst-$name"
    (cd "$W" && rsync "$@" --rsh="$TAP $HERE/$name" "$src/" "localhost:$W/dst-$name/")
}

cap push-a src -a
cap push-aH srch -aH
cap push-noir srcn -a --no-i-r
cap push-ac src -ac --no-i-r
cap push-p30 src -a --protocol=30
cap push-p31-aH srch -aH --protocol=31
cap push-aD srcd -aD --no-i-r
cap push-aD-p30 srcd -aD --no-i-r --protocol=30
rm -rf "$HERE/push-novarint" "$W/dst-push-novarint"; mkdir -p "$W/dst-push-novarint"
(cd "$W" && rsync -a --rsh="$W/rsh-novarint.sh $HERE/push-novarint" src/ "localhost:$W/dst-push-novarint/")
