#!/usr/bin/env python3
"""Snapshot-mode benchmark: qrsync snapshots against rsync --link-dest.

On the benchmark tree (20,000 small files in 200 folders, plus large files;
bench/localbench.py generates it), with a previous complete snapshot in
place and 1 % of the small files rewritten since:

  snapshot   `rsync -rlpt --delete --link-dest=PREV SRC/ NEW/` against the
             same command run by qrsync, and against the whole snapshot
             run of a profile (`qrsync --profile NAME`: lock, .incomplete,
             rename, `latest`; no retention rule so no prune)
  prune      `qrsync --profile NAME --prune` removing one old snapshot of
             the tree (scans every snapshot for the hard-link aware sizes,
             then deletes), against `rm -rf` of one snapshot
  export     `qrsync --export-archive=X.tar.zst SRC` against
             `tar --zstd -cf X.tar.zst SRC && sync X.tar.zst` (both zstd
             level 3; qrsync fsyncs before its atomic rename, so tar's
             archive is synced too)

Medians of --runs runs, tools alternated; every snapshot is checked against
the source with `rsync -anci` and for shared inodes of unchanged files.
Standard library only; timing and RSS through localbench.measure().
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import localbench as lb  # noqa: E402

RSYNC_OPTS = ["-rlpt", "--delete"]


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def change_one_percent(src: str, shape: lb.Shape, seed: int) -> list[str]:
    """Rewrites 1 % of the small files with new content (new size, mtime)."""
    rng = random.Random(seed ^ 0xC4A96E)
    picked = rng.sample(range(shape.files), max(1, shape.files // 100))
    paths = []
    for i in picked:
        path = os.path.join(src, "small", f"d{i % shape.dirs:03d}", f"f{i:05d}.dat")
        with open(path, "wb") as f:
            f.write(rng.randbytes(rng.randint(shape.min_size, shape.max_size)))
        st = os.stat(path)
        os.utime(path, (st.st_atime, st.st_mtime + 7200))
        paths.append(os.path.relpath(path, src))
    return paths


def check_snapshot(rsync: str, src: str, prev: str, new: str, changed: list[str]) -> str:
    problem = lb.verify(rsync, src, new)
    if problem:
        return problem
    probe = os.path.join("small", "d000", "f00000.dat")
    if probe not in changed and os.stat(os.path.join(prev, probe)).st_ino != \
            os.stat(os.path.join(new, probe)).st_ino:
        return f"{probe} is not shared with the previous snapshot"
    if os.stat(os.path.join(prev, changed[0])).st_ino == os.stat(os.path.join(new, changed[0])).st_ino:
        return f"{changed[0]} changed but is still shared"
    return ""


def median(runs, attr="wall"):
    return statistics.median(getattr(r, attr) for r in runs)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--qrsync", required=True)
    p.add_argument("--rsync", default="/usr/bin/rsync")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--scale", type=float, default=1.0)
    p.add_argument("--large-mib", type=int, default=64,
                   help="size of each of the 4 large files (default 64 MiB)")
    p.add_argument("--seed", type=int, default=20240611)
    p.add_argument("--workdir")
    p.add_argument("--json")
    p.add_argument("--markdown", help="also write the table here")
    p.add_argument("--quick", action="store_true", help="2,000 files, 4 x 8 MiB")
    args = p.parse_args(argv)

    if args.quick:
        args.scale, args.large_mib = 0.1, 8
    shape = lb.Shape(max(1, round(20000 * args.scale)), max(1, round(200 * args.scale)),
                     1 * lb.KIB, 16 * lb.KIB, 4, args.large_mib * lb.MIB)
    base = args.workdir or os.environ.get("TMPDIR") or "/tmp"
    work = tempfile.mkdtemp(prefix="qrsync-snapbench-", dir=base)
    env = {k: v for k, v in os.environ.items() if not k.startswith("QRSYNC_")}
    env.update(LC_ALL="C", XDG_CONFIG_HOME=f"{work}/config", XDG_DATA_HOME=f"{work}/data",
               XDG_STATE_HOME=f"{work}/state")
    src = os.path.join(work, "src")
    dest = os.path.join(work, "dest")
    prev_name = "2026-01-01T000000"
    prev = os.path.join(dest, prev_name)
    results: dict[str, list] = {}

    def profile(snapshots: dict) -> None:
        os.makedirs(f"{work}/config/qrsync/profiles", exist_ok=True)
        doc = {"format": "qrsync-profile", "version": 2, "id": "bench", "name": "bench",
               "sources": [src + "/"], "destination": dest, "mode": "backup",
               "snapshots": dict(enabled=True, **snapshots)}
        with open(f"{work}/config/qrsync/profiles/bench.json", "w") as f:
            json.dump(doc, f)

    def timed(key: str, argv: list[str]) -> lb.Run:
        run = lb.measure(argv, env, log)
        results.setdefault(key, []).append(run)
        return run

    try:
        log(f"generating {shape} under {work}")
        lb.generate_tree(src, shape, args.seed)
        os.makedirs(dest)
        subprocess.run([args.rsync, "-rlpt", src + "/", prev + "/"], check=True)
        changed = change_one_percent(src, shape, args.seed)
        os.sync()
        profile({})

        log("snapshot: 1 % changed, rsync vs qrsync (--link-dest) vs qrsync --profile")
        for i in range(args.runs):
            for key in (["rsync", "qrsync", "profile"] if i % 2 == 0
                        else ["profile", "qrsync", "rsync"]):
                new = os.path.join(dest, "2026-02-01T000000")
                os.sync()
                if key == "profile":
                    run = timed(key, [args.qrsync, "--profile", "bench"])
                    made = [n for n in os.listdir(dest) if n not in (prev_name, "latest")]
                    new = os.path.join(dest, made[0])
                else:
                    tool = args.rsync if key == "rsync" else args.qrsync
                    run = timed(key, [tool, *RSYNC_OPTS, f"--link-dest={prev}",
                                      src + "/", new + "/"])
                problem = check_snapshot(args.rsync, src, prev, new, changed)
                if problem or not run.ok:
                    log(f"  {key}: WRONG: {problem or 'exit ' + str(run.rc)}")
                    return 1
                shutil.rmtree(new)
                if os.path.lexists(os.path.join(dest, "latest")):
                    os.unlink(os.path.join(dest, "latest"))
                log(f"  {key}: {run.wall:.2f} s, {run.max_rss_mib:.0f} MiB")

        log("prune: one old snapshot of the tree (two present)")
        profile({"keepLast": 1})
        for i in range(args.runs):
            for key in (["prune", "rm"] if i % 2 == 0 else ["rm", "prune"]):
                old = os.path.join(dest, "2025-12-01T000000")
                subprocess.run([args.rsync, "-rlpt", f"--link-dest={prev}", src + "/",
                                old + "/"], check=True)
                for extra in ("small/d001", "small/d002"):  # some own data to free
                    shutil.copytree(os.path.join(src, extra),
                                    os.path.join(old, extra + "-own"))
                os.sync()
                argv = ([args.qrsync, "--profile", "bench", "--prune"] if key == "prune"
                        else ["rm", "-rf", old])
                run = timed(key, argv)
                if not run.ok or os.path.exists(old) or not os.path.isdir(prev):
                    log(f"  {key}: WRONG (rc {run.rc})")
                    return 1
                log(f"  {key}: {run.wall:.2f} s")

        log("export: .tar.zst of the source, qrsync vs tar --zstd")
        total = sum(os.path.getsize(os.path.join(d, f))
                    for d, _, fs in os.walk(src) for f in fs)
        for i in range(args.runs):
            for key in (["tar", "export"] if i % 2 == 0 else ["export", "tar"]):
                out = os.path.join(work, f"{key}.tar.zst")
                os.sync()
                # qrsync fsyncs the archive before renaming it into place,
                # so tar's file is synced too: both end durable on disk.
                argv = ([args.qrsync, f"--export-archive={out}", src + "/"] if key == "export"
                        else ["sh", "-c", 'tar --zstd -cf "$1" -C "$2" . && sync "$1"', "tar",
                              out, src])
                run = timed(key, argv)
                if not run.ok or not os.path.exists(out):
                    log(f"  {key}: WRONG (rc {run.rc})")
                    return 1
                log(f"  {key}: {run.wall:.2f} s, {os.path.getsize(out) / lb.MIB:.0f} MiB")
                os.unlink(out)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    def row(label, key, baseline=None):
        t = median(results[key])
        rss = median(results[key], "max_rss_mib")
        ratio = f"{t / median(results[baseline]):.2f}" if baseline else "1.00"
        return f"| {label} | {t:.2f} | {ratio} | {rss:.0f} |"

    mib = total / lb.MIB
    lines = [
        f"Tree: {shape.files} files in {shape.dirs} folders + 4 x {args.large_mib} MiB "
        f"({mib:.0f} MiB), 1 % of the small files changed; median of {args.runs} runs.",
        "",
        "| case | seconds | ratio | peak RSS MiB |",
        "|---|---|---|---|",
        row("snapshot: rsync -rlpt --delete --link-dest", "rsync"),
        row("snapshot: qrsync, same command", "qrsync", "rsync"),
        row("snapshot: qrsync --profile (snapshot mode)", "profile", "rsync"),
        row("prune one snapshot: rm -rf", "rm"),
        row("prune one snapshot: qrsync --profile --prune", "prune", "rm"),
        row("export .tar.zst: tar --zstd + sync", "tar"),
        row("export .tar.zst: qrsync --export-archive", "export", "tar"),
        "",
        f"Export throughput: tar {mib / median(results['tar']):.0f} MiB/s, "
        f"qrsync {mib / median(results['export']):.0f} MiB/s.",
    ]
    print("\n".join(lines))
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write("\n".join(lines) + "\n")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({k: [r.__dict__ for r in v] for k, v in results.items()}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
