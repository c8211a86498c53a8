#!/usr/bin/env bash
# Shows that tools/check-async-boundary catches what it is meant to catch:
# a thread in a pure module, and Qt Widgets anywhere in the engine. Each
# violation is planted in a temporary copy, never in the real tree.
set -euo pipefail
root=${1:?repository root}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fresh_copy() {
    rm -rf "$tmp/repo"
    mkdir -p "$tmp/repo"
    cp -r "$root/engine" "$root/tools" "$tmp/repo/"
}

expect() {
    local want=$1 what=$2
    if "$tmp/repo/tools/check-async-boundary" "$tmp/repo" >"$tmp/out" 2>&1; then got=pass; else got=fail; fi
    if [ "$got" != "$want" ]; then
        echo "FAIL: $what: expected $want, got $got"
        cat "$tmp/out"
        exit 1
    fi
    echo "ok: $what ($got)"
}

fresh_copy
expect pass "clean copy"

fresh_copy
printf '#include <QThread>\nstatic void f() { QThread::sleep(1); }\n' >>"$tmp/repo/engine/protocol/reader.cpp"
expect fail "QThread in engine/protocol"

fresh_copy
printf '#include <thread>\n' >>"$tmp/repo/engine/core/result.h"
expect fail "std::thread header in engine/core"

fresh_copy
printf '#include <QWidget>\n' >>"$tmp/repo/engine/core/result.h"
expect fail "Qt Widgets in engine/core"

fresh_copy
mkdir -p "$tmp/repo/engine/transport"
printf '#include <QSocketNotifier>\n' >"$tmp/repo/engine/transport/socketchannel.cpp"
expect pass "QSocketNotifier inside the async surface"

fresh_copy
printf '// QThread mentioned in a comment is fine\n' >>"$tmp/repo/engine/protocol/reader.cpp"
expect pass "comment mentioning QThread"
