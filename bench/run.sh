#!/usr/bin/env bash
# Entry point of `make bench`: local-copy benchmark of qrsync against stock
# rsync. Builds nothing; the caller passes the build directory.
#
#   bash bench/run.sh [BUILD_DIR] [localbench.py options...]
#   make bench                         # full size (20,000 files + 4 x 256 MiB)
#   make bench BENCH_ARGS=--quick      # 2,000 files + 4 x 32 MiB
#
# Results: printed, and written as Markdown to BUILD_DIR/bench/results.md
# and raw per-run numbers to BUILD_DIR/bench/results.json.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=${1:-build}
shift || true

qrsync="$build/bin/qrsync"
if [[ ! -x $qrsync ]]; then
    echo "bench: $qrsync not found; build it first (make build)" >&2
    exit 2
fi
if [[ ! -x /usr/bin/time ]]; then
    echo "bench: /usr/bin/time missing (Debian package 'time'," \
        "see scripts/install-deps.sh)" >&2
    exit 2
fi

mkdir -p "$build/bench"
# BENCH_ARGS is split on spaces on purpose: it carries several options.
# shellcheck disable=SC2086
exec python3 "$here/localbench.py" \
    --qrsync "$qrsync" \
    --markdown "$build/bench/results.md" \
    --json "$build/bench/results.json" \
    ${BENCH_ARGS:-} "$@"
