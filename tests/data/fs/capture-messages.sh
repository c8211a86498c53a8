#!/bin/sh
# Records stock rsync's wording for a missing source and an unreadable
# directory (run as root; the scan runs as nobody so that permissions bite).
# Paths are replaced by PATH so the lines can be compared anywhere.
set -eu
work=$(mktemp -d)
chmod 755 "$work"
mkdir -p "$work/src/locked" "$work/src/open" "$work/dst"
echo x > "$work/src/open/f"
chmod 000 "$work/src/locked"
chown -R 65534:65534 "$work/dst"
{
    rsync -r "$work/missing" "$work/dst/" 2>&1 || true
    setpriv --reuid=65534 --regid=65534 --clear-groups \
        rsync -r "$work/src/" "$work/dst/" 2>&1 || true
} | grep -E 'link_stat|opendir' | sed "s|\"$work/[^\"]*\"|\"PATH\"|"
chmod 755 "$work/src/locked"
rm -rf "$work"
