#!/usr/bin/env bash
# Entry point of `make bench`: qrsync against stock rsync, local copies
# (bench/localbench.py), transfers over the loopback remote shell in
# both roles (bench/remotebench.py) and the built-in SSH client against
# OpenSSH through a loopback sshd (bench/sshbench.py). Builds nothing; the
# caller passes the build directory.
#
#   bash bench/run.sh [BUILD_DIR] [all|local|remote|daemon|daemonclient|ssh|snapshot] [options...]
#   make bench                         # both, full size (20,000 files + 4 x 256 MiB)
#   make bench BENCH_ARGS=--quick      # both, 2,000 files + 4 x 32 MiB
#   make bench BENCH=remote            # remote-shell cases only
#   make bench BENCH=daemon            # qrsync --daemon (events, threads) vs rsync --daemon
#   make bench BENCH=daemonclient      # rsync:// client cases only
#   bash bench/run.sh build remote --quick --runs 3
#   make bench BENCH=snapshot          # snapshots, prune, archive export
#                                      # (bench/snapshotbench.py; not in "all")
#
# Options go to both scripts (see --help of each); the common ones are
# --quick, --scale F, --runs N, --workdir DIR, --keep, --no-verify.
#
# Results: printed, and written as Markdown to BUILD_DIR/bench/results.md
# (local) and BUILD_DIR/bench/remote-results.md (remote), raw per-run
# numbers to the .json files next to them.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=${1:-build}
shift || true
mode=all
case ${1:-} in
    all|local|remote|daemon|daemonclient|ssh|snapshot) mode=$1; shift ;;
esac

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
status=0
if [[ $mode == snapshot ]]; then
    # shellcheck disable=SC2086
    python3 "$here/snapshotbench.py" --qrsync "$qrsync" \
        --markdown "$build/bench/snapshot-results.md" \
        --json "$build/bench/snapshot-results.json" ${BENCH_ARGS:-} "$@" || status=$?
    exit $status
fi
# BENCH_ARGS is split on spaces on purpose: it carries several options.
if [[ $mode == all || $mode == local ]]; then
    # shellcheck disable=SC2086
    python3 "$here/localbench.py" \
        --qrsync "$qrsync" \
        --markdown "$build/bench/results.md" \
        --json "$build/bench/results.json" \
        ${BENCH_ARGS:-} "$@" || status=$?
fi
if [[ $mode == all || $mode == remote ]]; then
    # shellcheck disable=SC2086
    python3 "$here/remotebench.py" \
        --qrsync "$qrsync" \
        --markdown "$build/bench/remote-results.md" \
        --json "$build/bench/remote-results.json" \
        ${BENCH_ARGS:-} "$@" || status=$?
fi
if [[ $mode == all || $mode == daemon ]]; then
    # shellcheck disable=SC2086
    python3 "$here/daemonbench.py" "$build" ${BENCH_ARGS:-} "$@" || status=$?
fi
if [[ $mode == all || $mode == ssh ]]; then
    # shellcheck disable=SC2086
    python3 "$here/sshbench.py" \
        --qrsync "$qrsync" \
        --markdown "$build/bench/ssh-results.md" \
        --json "$build/bench/ssh-results.json" \
        ${BENCH_ARGS:-} "$@" || status=$?
fi
if [[ $mode == all || $mode == daemonclient ]]; then
    # shellcheck disable=SC2086
    python3 "$here/daemonclientbench.py" \
        --qrsync "$qrsync" \
        --markdown "$build/bench/daemonclient-results.md" \
        --json "$build/bench/daemonclient-results.json" \
        ${BENCH_ARGS:-} "$@" || status=$?
fi
exit $status
