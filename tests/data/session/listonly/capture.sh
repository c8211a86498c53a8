#!/bin/sh
# Records stock rsync's --list-only lines for a prepared tree (run as root:
# device nodes). Mtimes are fixed and TZ=UTC, so the lines are stable, except
# symlink atimes, which reading the link moves to the time of the run.
# Writes <case>.txt next to this script; cases.txt lists each command.
# Usage: ./capture.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
s="$work/src"
mkdir -p "$s/dir" "$s/sticky"
printf 'hello' > "$s/file"; chmod 644 "$s/file"
printf '#!/bin/sh\n' > "$s/exec"; chmod 755 "$s/exec"
printf 'x' > "$s/dir/inner"; chmod 600 "$s/dir/inner"
chmod 755 "$s/dir"; chmod 1777 "$s/sticky"
ln -s file "$s/link"
ln -s ../some/where/else "$s/dir/uplink"
mkfifo "$s/fifo"; chmod 640 "$s/fifo"
mknod "$s/null" c 1 3; chmod 666 "$s/null"
mknod "$s/loop" b 7 200; chmod 660 "$s/loop"
python3 -c "import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])" "$s/sock"
truncate -s 3000000000 "$s/big"; chmod 644 "$s/big"
truncate -s 123456789012 "$s/huge"; chmod 600 "$s/huge"
printf 'u' > "$s/setuid"; chmod 4755 "$s/setuid"
printf 'g' > "$s/setgid-nox"; chmod 2644 "$s/setgid-nox"
printf 't' > "$s/sticky-nox"; chmod 1644 "$s/sticky-nox"
printf 'z' > "$s/none"; chmod 000 "$s/none"
for p in $(cd "$s" && find . -mindepth 1); do
    touch -h -d '2024-01-02 03:04:05 UTC' "$s/$p"
done
touch -d '1999-12-31 23:59:59 UTC' "$s/file"
touch -h -d '2038-02-03 04:05:06 UTC' "$s/link"
touch -d '2024-01-02 03:04:05 UTC' "$s"
touch -a -d '2030-05-06 07:08:09 UTC' "$s/exec" "$s/dir"

: > "$here/cases.txt"
capture() { # name options...
    name=$1
    shift
    (cd "$work" && TZ=UTC rsync "$@") > "$here/$name.txt"
    echo "$name: TZ=UTC rsync $*" >> "$here/cases.txt"
}
capture a --list-only -a src/
capture a-noh --list-only -a --no-h src/
capture a-h --list-only -a -h src/
capture a-hh --list-only -a -hh src/
capture r --list-only -r src/
capture atimes --list-only -a --atimes src/
# Stock 3.5.0 lists only the first of these two args; with -a it shows no
# "*missing" line at all, with -r it does.
capture missing --list-only -r --delete-missing-args src/nothere src/file
capture missing-noh-atimes --list-only -r --no-h --atimes --delete-missing-args \
    src/nothere src/exec
