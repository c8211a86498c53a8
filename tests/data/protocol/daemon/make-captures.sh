#!/bin/sh
# Records stock rsync client <-> stock rsync daemon sessions on 127.0.0.1
# through tcp-tap.py. Each folder gets client-to-server.bin,
# server-to-client.bin and the client's stdout.txt / stderr.txt / exit.txt.
# Run from anywhere; writes next to this script. The auth challenge is
# random, so the auth captures differ between runs (the response still
# follows from the challenge and the password, which is what tests check).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'kill $daemon 2>/dev/null || true; rm -rf "$tmp"' EXIT
freeport() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

mkdir -p "$tmp/pub" "$tmp/priv"
printf 'hello\n' > "$tmp/pub/a.txt"
printf 'secret\n' > "$tmp/priv/b.txt"
touch -d '2020-01-01 00:00:00' "$tmp/pub/a.txt" "$tmp/priv/b.txt" "$tmp/pub" "$tmp/priv"
printf 'alice:sesame\n' > "$tmp/secrets"
chmod 600 "$tmp/secrets"
printf 'Welcome to the test daemon\nSecond motd line\n' > "$tmp/motd"
cat > "$tmp/rsyncd.conf" <<CONF
use chroot = no
motd file = $tmp/motd
[pub]
    path = $tmp/pub
    comment = Public files
    read only = yes
[priv]
    path = $tmp/priv
    comment = Private
    auth users = alice
    secrets file = $tmp/secrets
    read only = no
CONF
dport=$(freeport)
rsync --daemon --no-detach --config="$tmp/rsyncd.conf" --port="$dport" --address=127.0.0.1 &
daemon=$!
sleep 0.5

# capture NAME [env assignments] -- rsync args (TAP in args is replaced by the tap's port)
capture() {
    name=$1; shift
    tport=$(freeport)
    rm -rf "${here:?}/$name"
    python3 "$here/tcp-tap.py" "$tport" "$dport" "$here/$name" > "$tmp/tap.out" &
    tap=$!
    while ! grep -q ready "$tmp/tap.out" 2>/dev/null; do sleep 0.05; done
    rm -rf "$tmp/dst"; mkdir "$tmp/dst"
    args=$(printf '%s\n' "$@" | sed "s/TAP/$tport/g; s|DST|$tmp/dst|g")
    set +e
    # shellcheck disable=SC2086
    (IFS='
'; env $args > "$here/$name/stdout.txt" 2> "$here/$name/stderr.txt")
    echo $? > "$here/$name/exit.txt"
    set -e
    wait $tap || true
}

capture list rsync rsync://127.0.0.1:TAP/
capture pull-anon rsync -a rsync://127.0.0.1:TAP/pub/ DST/
capture pull-anon-p30 rsync -a --protocol=30 rsync://127.0.0.1:TAP/pub/ DST/
capture pull-auth RSYNC_PASSWORD=sesame rsync -a rsync://alice@127.0.0.1:TAP/priv/ DST/
capture auth-fail RSYNC_PASSWORD=wrong rsync -a rsync://alice@127.0.0.1:TAP/priv/ DST/
capture unknown-module rsync -a rsync://127.0.0.1:TAP/nosuch/ DST/
capture no-motd rsync -a --no-motd rsync://127.0.0.1:TAP/pub/ DST/
