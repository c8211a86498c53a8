#!/usr/bin/env python3
"""rsync:// client benchmark: qrsync and stock rsync as clients of the same
stock `rsync --daemon` on 127.0.0.1.

The tree of localbench.py is pulled from a read-only module and pushed to a
writable one, in four scenarios: initial copy and delta (a change set: 3 MiB
edited inside a large file, 1 % of the small files rewritten), each with
`-a` (and `--delete` for the delta). Three clients run each scenario,
rotated run by run:

  qrsync          the default drivers (event-loop receiver)
  qrsync-blocking QRSYNC_ASYNC_RECEIVER=0 (blocking driver)
  stock           stock rsync (the baseline)

and the median wall time of each is reported against stock, with the
client's peak RSS (summed over its process tree, sampled every 20 ms, and
/usr/bin/time's largest process). The daemon side is the same program for
all three, so its cost is not reported. Destinations are reset before
every run (outside the timing) and checked with `rsync -anci --delete`
afterwards.

Standard library only. See docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

from localbench import (CHANGED_FILE, KIB, MIB, Shape, edit_large_file,
                        fmt_load, generate_tree, machine_info, measure,
                        verify)

BASELINE = "stock"
CLIENTS = ["qrsync", "qrsync-blocking", BASELINE]
SCENARIOS = ["pull-initial", "pull-delta", "push-initial", "push-delta"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def copy_tree(rsync: str, src: str, dst: str) -> None:
    shutil.rmtree(dst, ignore_errors=True)
    subprocess.run([rsync, "-a", src + "/", dst + "/"], check=True)


def change_small_files(root: str, seed: int) -> int:
    """Rewrites 1 % of the small files (same size, new content, new mtime)."""
    rng = random.Random(seed)
    small = []
    for dirpath, _dirs, files in os.walk(os.path.join(root, "small")):
        small += [os.path.join(dirpath, f) for f in files]
    small.sort()
    picked = rng.sample(small, max(1, len(small) // 100))
    for path in picked:
        size = os.path.getsize(path)
        with open(path, "wb") as f:
            f.write(rng.randbytes(size))
        os.utime(path, (1_700_000_000, 1_700_000_000))
    return len(picked)


class Daemon:
    def __init__(self, rsync: str, work: str, src: str, push_root: str):
        self.port = free_port()
        self.conf = os.path.join(work, "rsyncd.conf")
        with open(self.conf, "w") as f:
            f.write("use chroot = no\nuid = root\ngid = root\n"
                    "reverse lookup = no\n"
                    f"log file = {work}/rsyncd.log\n"
                    f"[src]\n    path = {src}\n    read only = yes\n"
                    f"[dst]\n    path = {push_root}\n    read only = no\n"
                    "    munge symlinks = no\n")
        self.proc = subprocess.Popen(
            [rsync, "--daemon", "--no-detach", f"--config={self.conf}",
             f"--port={self.port}", "--address=127.0.0.1"])
        deadline = time.time() + 10
        while time.time() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        self.stop()
        raise SystemExit("daemonclientbench: the daemon did not start")

    def url(self, rest: str) -> str:
        return f"rsync://127.0.0.1:{self.port}/{rest}"

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def run_bench(args, work: str, shape: Shape, log) -> tuple[dict, list[str]]:
    old = os.path.join(work, "old")
    src = os.path.join(work, "src")
    local = os.path.join(work, "local")
    push_root = os.path.join(work, "pushed")
    os.makedirs(push_root)
    log(f"generating {shape} (seed {args.seed})")
    generate_tree(old, shape, args.seed)
    copy_tree(args.rsync, old, src)
    edit_large_file(os.path.join(src, CHANGED_FILE), args.seed)
    changed = change_small_files(src, args.seed)
    log(f"change set: 3 MiB inside {CHANGED_FILE}, {changed} small files")
    os.sync()
    daemon = Daemon(args.rsync, work, src, push_root)
    base_env = {k: v for k, v in os.environ.items()
                if not k.startswith("QRSYNC_") and k != "RSYNC_PASSWORD"}
    base_env["LC_ALL"] = "C"
    tools = {
        "qrsync": (args.qrsync, dict(base_env)),
        "qrsync-blocking": (args.qrsync,
                            dict(base_env, QRSYNC_ASYNC_RECEIVER="0")),
        BASELINE: (args.rsync, dict(base_env)),
    }
    results = {s: {c: [] for c in CLIENTS} for s in SCENARIOS}
    failures = []
    try:
        for scenario in SCENARIOS:
            pull = scenario.startswith("pull")
            delta = scenario.endswith("delta")
            target = local if pull else os.path.join(push_root, "t")
            for run in range(args.runs):
                order = CLIENTS[run % len(CLIENTS):] + CLIENTS[:run % len(CLIENTS)]
                for client in order:
                    # Reset the destination outside the timing.
                    if delta:
                        copy_tree(args.rsync, old, target)
                    else:
                        shutil.rmtree(target, ignore_errors=True)
                    os.sync()
                    binary, env = tools[client]
                    opts = ["-a"] + (["--delete"] if delta else [])
                    if pull:
                        argv = [binary] + opts + [daemon.url("src/"), target + "/"]
                    else:
                        argv = [binary] + opts + [src + "/", daemon.url("dst/t/")]
                    r = measure(argv, env, log)
                    if r.ok and not args.no_verify:
                        diff = verify(args.rsync, src, target)
                        if diff:
                            r.ok = False
                            log(f"    {scenario}/{client}: destination differs:\n{diff[:500]}")
                    if not r.ok:
                        failures.append(f"{scenario}/{client}#{run}")
                    results[scenario][client].append(r.__dict__)
                    log(f"  {scenario:13} {client:16} run {run}: {r.wall:7.2f} s  "
                        f"RSS {r.sum_rss_mib:6.1f} MiB  {'ok' if r.ok else 'FAILED'}")
    finally:
        daemon.stop()
    return results, failures


def summarise(results: dict) -> list[dict]:
    rows = []
    for scenario, per_client in results.items():
        base = statistics.median(r["wall"] for r in per_client[BASELINE])
        for client, runs in per_client.items():
            wall = statistics.median(r["wall"] for r in runs)
            rows.append({
                "scenario": scenario, "client": client, "wall": wall,
                "ratio": wall / base if base > 0 else float("nan"),
                "rss": max(r["sum_rss_mib"] for r in runs),
                "max_rss": max(r["max_rss_mib"] for r in runs),
                "cpu": statistics.median(r["cpu"] for r in runs),
            })
    return rows


def render(rows: list[dict], markdown: bool) -> str:
    head = ["scenario", "client", "median wall (s)", "ratio vs stock",
            "client CPU (s)", "peak RSS sum (MiB)", "largest process (MiB)"]
    lines = []
    if markdown:
        lines.append("| " + " | ".join(head) + " |")
        lines.append("|" + "---|" * len(head))
    for r in rows:
        cells = [r["scenario"], r["client"], f"{r['wall']:.2f}",
                 f"{r['ratio']:.2f}", f"{r['cpu']:.2f}", f"{r['rss']:.1f}",
                 f"{r['max_rss']:.1f}"]
        if markdown:
            lines.append("| " + " | ".join(cells) + " |")
        else:
            lines.append(f"{cells[0]:13} {cells[1]:16} {cells[2]:>8} s  x{cells[3]:>5}"
                         f"  CPU {cells[4]:>6} s  RSS {cells[5]:>7} MiB"
                         f"  (largest {cells[6]} MiB)")
    return "\n".join(lines)


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--qrsync", default="build/bin/qrsync")
    p.add_argument("--rsync", default="/usr/bin/rsync")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--quick", action="store_true",
                   help="2,000 files + 4 x 32 MiB instead of 20,000 + 4 x 256 MiB")
    p.add_argument("--scale", type=float, default=1.0)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--workdir")
    p.add_argument("--keep", action="store_true")
    p.add_argument("--no-verify", action="store_true")
    p.add_argument("--label")
    p.add_argument("--markdown")
    p.add_argument("--json")
    return p.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.quick:
        shape = Shape(2000, 20, 1 * KIB, 16 * KIB, 4, 32 * MIB)
    else:
        s = args.scale
        shape = Shape(max(1, round(20000 * s)), max(1, round(200 * s)),
                      1 * KIB, 16 * KIB, 4, max(4 * MIB, round(256 * s) * MIB))
    for binary in (args.qrsync, args.rsync, "/usr/bin/time"):
        if not os.access(binary, os.X_OK):
            print(f"daemonclientbench: {binary} is not executable", file=sys.stderr)
            return 2
    base = args.workdir or os.environ.get("TMPDIR") or "/tmp"
    os.makedirs(base, exist_ok=True)
    work = tempfile.mkdtemp(prefix="qrsync-dcbench-", dir=base)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    log = lambda text: print(text, flush=True)  # noqa: E731
    loads = {"start": fmt_load(os.getloadavg())}
    try:
        results, failures = run_bench(args, work, shape, log)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    loads["end"] = fmt_load(os.getloadavg())
    rows = summarise(results)
    info = machine_info(base, args.rsync, args.label)
    print()
    print(f"{info['date']}  nproc {info['nproc']}  load start {loads['start']}"
          f"  end {loads['end']}  runs {args.runs}  {shape}")
    print(render(rows, False))
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(f"Machine: {info}\n\nLoad: {loads}\n\nShape: {shape}, "
                    f"{args.runs} runs per client\n\n")
            f.write(render(rows, True) + "\n")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"machine": info, "loads": loads, "shape": shape.__dict__,
                       "results": results}, f, indent=1)
    if failures:
        print(f"FAILED runs: {', '.join(failures)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
