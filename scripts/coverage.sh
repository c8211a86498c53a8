#!/usr/bin/env bash
# Line coverage of the engine by the whole test suite (one of the exit gates
# of each async path, docs/design/async-migration.md): builds an instrumented
# copy in build-coverage/, runs every test, and prints gcovr's per-file
# summary for engine/, plus the async surface's files on their own.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build-coverage}
cmake -S "$root" -B "$build" -G Ninja -DQRSYNC_COVERAGE=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build "$build" -j "$(nproc)"
find "$build" -name '*.gcda' -delete
(cd "$build" && ctest -j "$(nproc)" --output-on-failure) || echo "coverage: some tests failed" >&2
mkdir -p "$build/coverage"
gcovr --root "$root" --object-directory "$build" --filter "$root/engine/" \
    --txt "$build/coverage/engine.txt" --html-details "$build/coverage/index.html" \
    --gcov-ignore-parse-errors --print-summary
echo "per-file table: $build/coverage/engine.txt, HTML: $build/coverage/index.html"
echo "async surface:"
grep -E "engine/session/(channeldriver|rolepairdriver|asyncwriter|workerpool|localtransfer|remotetransfer|serversession)|engine/transport/" \
    "$build/coverage/engine.txt" || true
