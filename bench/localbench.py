#!/usr/bin/env python3
"""Local-copy benchmark: qrsync against stock rsync (`make bench`).

Generates a seeded tree of many small files plus a few large ones, then
times `-a` copies with both tools in three scenarios (initial copy,
no-change re-run, delta re-run after a 3 MiB edit inside one large file,
with and without --no-whole-file), and qrsync alone in the four
combinations of QRSYNC_ASYNC_RECEIVER x QRSYNC_ASYNC_WORKERS.

Every number is the median of --runs runs; tools are alternated run by
run so they share the page cache fairly. Nothing is dropped from the page
cache. Each run is wrapped in /usr/bin/time -f '%e %M' (exact peak RSS of
the largest process of the tree, since every rsync process is waited
for), while a poller samples the process tree every 20 ms to estimate the
peak of the summed RSS. After every run the destination is checked
against the source with `rsync -anci --delete`, so a fast but wrong run
cannot count.

Standard library only. See docs/performance.md.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field

MIB = 1 << 20
KIB = 1 << 10
PAGE = os.sysconf("SC_PAGE_SIZE")
SAMPLE_INTERVAL = 0.020  # seconds between process-tree samples
RSS_SLACK_MIB = 20.0  # target: qrsync RSS <= rsync RSS + 20 MiB
CHANGED_FILE = "large/big0.bin"
SWITCH_COMBOS = [(1, 1), (1, 0), (0, 1), (0, 0)]


# --------------------------------------------------------------------------
# Tree generation


@dataclass
class Shape:
    files: int
    dirs: int
    min_size: int
    max_size: int
    large_count: int
    large_size: int

    def total_bytes_estimate(self) -> int:
        return (self.files * (self.min_size + self.max_size) // 2 +
                self.large_count * self.large_size)


def generate_tree(root: str, shape: Shape, seed: int) -> None:
    """Writes the benchmark source tree; content depends only on seed."""
    rng = random.Random(seed)
    small = os.path.join(root, "small")
    for d in range(shape.dirs):
        os.makedirs(os.path.join(small, f"d{d:03d}"), exist_ok=True)
    for i in range(shape.files):
        size = rng.randint(shape.min_size, shape.max_size)
        path = os.path.join(small, f"d{i % shape.dirs:03d}", f"f{i:05d}.dat")
        with open(path, "wb") as f:
            f.write(rng.randbytes(size))
    large = os.path.join(root, "large")
    os.makedirs(large, exist_ok=True)
    chunk = 8 * MIB
    for n in range(shape.large_count):
        with open(os.path.join(large, f"big{n}.bin"), "wb") as f:
            left = shape.large_size
            while left > 0:
                step = min(chunk, left)
                f.write(rng.randbytes(step))
                left -= step
    # A fixed, old mtime on everything so runs on different days behave
    # the same and the delta edit below is always "newer".
    stamp = 1_600_000_000
    for dirpath, _dirnames, filenames in os.walk(root):
        for name in filenames:
            os.utime(os.path.join(dirpath, name), (stamp, stamp))
    for dirpath, _dirnames, _filenames in os.walk(root, topdown=False):
        os.utime(dirpath, (stamp, stamp))


def edit_large_file(path: str, seed: int) -> list[int]:
    """Overwrites 3 x 1 MiB inside path (same size), bumps its mtime.

    Returns the offsets written. The edits sit at roughly 10 %, 50 % and
    90 % of the file, aligned to 4 KiB, so the delta algorithm has long
    unchanged runs between them.
    """
    size = os.path.getsize(path)
    if size < 4 * MIB:
        raise SystemExit(f"{path}: large files must be at least 4 MiB")
    rng = random.Random(seed ^ 0x5EED)
    offsets = []
    with open(path, "r+b") as f:
        for frac in (0.1, 0.5, 0.9):
            off = min(int(size * frac), size - MIB) // (4 * KIB) * (4 * KIB)
            f.seek(off)
            f.write(rng.randbytes(MIB))
            offsets.append(off)
    st = os.stat(path)
    os.utime(path, (st.st_atime, st.st_mtime + 3600))
    return offsets


# --------------------------------------------------------------------------
# Measurement


@dataclass
class Run:
    wall: float  # seconds, perf_counter around the whole process tree
    time_e: float  # /usr/bin/time %e (seconds, 10 ms resolution)
    cpu: float  # /usr/bin/time %U + %S: user + system CPU of the tree
    max_rss_mib: float  # /usr/bin/time %M: largest single process
    sum_rss_mib: float  # sampled peak of the summed RSS of the tree
    anon_mib: float  # sampled peak of the summed RSS minus file-backed
    procs: int  # distinct processes seen under /usr/bin/time
    rc: int
    ok: bool  # exit status 0 and destination verified equal


def descendants(pid: int) -> list[int]:
    """All descendants of pid, via /proc/<pid>/task/<tid>/children."""
    out: list[int] = []
    stack = [pid]
    while stack:
        p = stack.pop()
        try:
            tids = os.listdir(f"/proc/{p}/task")
        except OSError:
            continue
        for tid in tids:
            try:
                with open(f"/proc/{p}/task/{tid}/children") as f:
                    kids = [int(x) for x in f.read().split()]
            except OSError:
                continue
            out.extend(kids)
            stack.extend(kids)
    return out


def rss_bytes(pid: int) -> tuple[int, int]:
    """(resident, resident minus shared/file-backed) in bytes.

    statm's "shared" counts resident file-backed and shmem pages, so the
    difference is the anonymous memory: what an mmap()ed input file does
    not inflate."""
    try:
        with open(f"/proc/{pid}/statm") as f:
            fields = f.read().split()
            res, shared = int(fields[1]), int(fields[2])
            return res * PAGE, (res - shared) * PAGE
    except (OSError, IndexError, ValueError):
        return 0, 0


def measure(argv: list[str], env: dict[str, str], log) -> Run:
    with tempfile.NamedTemporaryFile("r", prefix="qrbench-time-") as tf:
        cmd = ["/usr/bin/time", "-o", tf.name, "-f", "%e %U %S %M"] + argv
        seen: set[int] = set()
        peak_sum = 0
        peak_anon = 0
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)
        while proc.poll() is None:
            kids = descendants(proc.pid)
            seen.update(kids)
            sizes = [rss_bytes(k) for k in kids]
            peak_sum = max(peak_sum, sum(r for r, _ in sizes))
            peak_anon = max(peak_anon, sum(a for _, a in sizes))
            time.sleep(SAMPLE_INTERVAL)
        wall = time.perf_counter() - t0
        err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        fields = tf.read().split()
    rc = proc.returncode
    if rc != 0 or len(fields) < 4:
        log(f"    command failed (rc={rc}): {' '.join(argv)}\n{err.strip()}")
    try:
        time_e = float(fields[-4])
        cpu = float(fields[-3]) + float(fields[-2])
        max_rss = int(fields[-1]) / 1024.0
    except (IndexError, ValueError):
        time_e, cpu, max_rss = wall, 0.0, 0.0
    # A process shorter than one sample interval may never be seen; the
    # sum can never be below the largest single process.
    sum_rss = max(peak_sum / MIB, max_rss)
    return Run(wall, time_e, cpu, max_rss, sum_rss, peak_anon / MIB,
               len(seen), rc, rc == 0)


def verify(rsync: str, src: str, dst: str) -> str:
    """Empty string if dst equals src (content, metadata, no extras)."""
    r = subprocess.run([rsync, "-anci", "--delete", src + "/", dst + "/"],
                       capture_output=True, text=True)
    if r.returncode != 0:
        return f"verify rc={r.returncode}: {r.stderr.strip()}"
    return r.stdout.strip()


# --------------------------------------------------------------------------
# Scenarios


@dataclass
class Tool:
    name: str
    binary: str
    env: dict[str, str]


@dataclass
class Result:
    scenario: str
    tool: str
    runs: list[Run] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.runs) and all(r.ok for r in self.runs)

    def median(self, attr: str) -> float:
        return statistics.median(getattr(r, attr) for r in self.runs)

    def spread(self) -> tuple[float, float]:
        walls = [r.wall for r in self.runs]
        return min(walls), max(walls)


class Bench:
    def __init__(self, args, workdir: str):
        self.args = args
        self.work = workdir
        self.src = os.path.join(workdir, "src")
        self.rsync = args.rsync
        self.results: list[Result] = []
        self.loads: dict[str, tuple[float, float, float]] = {}
        self.failures: list[str] = []

    def log(self, msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    def dst(self, tool: Tool) -> str:
        return os.path.join(self.work, "dst-" + tool.name)

    def settle(self) -> None:
        # Flush the previous run's (or the reset's) dirty pages so that no
        # run pays for another's writeback. Excluded from timing.
        if not self.args.no_sync:
            os.sync()

    def run_one(self, res: Result, tool: Tool, extra: list[str],
                prepare) -> None:
        dst = self.dst(tool)
        prepare(tool, dst)
        self.settle()
        argv = [tool.binary, "-a"] + extra + [self.src + "/", dst + "/"]
        run = measure(argv, tool.env, self.log)
        if run.ok and not self.args.no_verify:
            diff = verify(self.rsync, self.src, dst)
            if diff:
                run.ok = False
                lines = diff.splitlines()
                self.log(f"    {tool.name}: destination differs from source "
                         f"({len(lines)} lines), e.g.\n      " +
                         "\n      ".join(lines[:5]))
        if not run.ok:
            self.failures.append(f"{res.scenario}/{tool.name} run "
                                 f"{len(res.runs) + 1}")
        res.runs.append(run)
        self.log(f"    {tool.name:<14} {run.wall:8.3f} s  cpu {run.cpu:6.2f} s"
                 f"  max {run.max_rss_mib:7.1f} MiB  sum {run.sum_rss_mib:7.1f}"
                 f" MiB  anon {run.anon_mib:7.1f} MiB  procs {run.procs}  "
                 f"{'ok' if run.ok else 'FAILED'}")

    def scenario(self, name: str, tools: list[Tool], extra: list[str],
                 prepare) -> list[Result]:
        self.log(f"== {name}  (load {fmt_load(os.getloadavg())})")
        results = [Result(name, t.name) for t in tools]
        for i in range(self.args.runs):
            # Rotate the order every run so no tool always goes first.
            k = i % len(tools)
            order = list(range(len(tools)))[k:] + list(range(len(tools)))[:k]
            for j in order:
                self.run_one(results[j], tools[j], extra, prepare)
        self.loads[name] = fmt_load(os.getloadavg())
        self.results.extend(results)
        return results

    # Preparation steps, all outside the timed region.

    @staticmethod
    def prep_empty(_tool: Tool, dst: str) -> None:
        shutil.rmtree(dst, ignore_errors=True)

    @staticmethod
    def prep_keep(_tool: Tool, dst: str) -> None:
        if not os.path.isdir(dst):
            raise SystemExit(f"{dst} missing: initial copy failed")

    def prep_restore(self, _tool: Tool, dst: str) -> None:
        """Puts the pre-edit large file back so every delta run does the
        same work (new inode, like the file the tool itself leaves)."""
        target = os.path.join(dst, CHANGED_FILE)
        tmp = target + ".bench-restore"
        shutil.copyfile(self.pristine, tmp)
        shutil.copystat(self.pristine, tmp)
        os.replace(tmp, target)

    def run_all(self, qrsync: Tool, rsync: Tool) -> None:
        both = [qrsync, rsync]
        self.scenario("initial copy", both, [], self.prep_empty)
        self.scenario("no-change re-run", both, [], self.prep_keep)

        # Edit the source once; keep the pre-edit copy to restore into the
        # destinations before each delta run.
        self.pristine = os.path.join(self.work, "pristine-big0.bin")
        shutil.copyfile(os.path.join(self.src, CHANGED_FILE), self.pristine)
        shutil.copystat(os.path.join(self.src, CHANGED_FILE), self.pristine)
        offsets = edit_large_file(os.path.join(self.src, CHANGED_FILE),
                                  self.args.seed)
        self.log(f"edited {CHANGED_FILE} at offsets {offsets}")
        self.scenario("delta, 3 MiB changed (whole-file default)", both, [],
                      self.prep_restore)
        self.scenario("delta, 3 MiB changed, --no-whole-file", both,
                      ["--no-whole-file"], self.prep_restore)

        if not self.args.skip_switches:
            combos = []
            for rcv, wrk in SWITCH_COMBOS:
                env = dict(qrsync.env)
                env["QRSYNC_ASYNC_RECEIVER"] = str(rcv)
                env["QRSYNC_ASYNC_WORKERS"] = str(wrk)
                combos.append(Tool(f"qrsync-r{rcv}w{wrk}", qrsync.binary, env))
            self.scenario("switches: initial copy", combos, [],
                          self.prep_empty)
        for t in both:
            shutil.rmtree(self.dst(t), ignore_errors=True)


def fmt_load(load) -> str:
    return " ".join(f"{x:.2f}" for x in load)


# --------------------------------------------------------------------------
# Reporting


def machine_info(workdir: str, args_rsync: str,
                 label: str | None) -> dict[str, str]:
    info = {"date": datetime.datetime.now().astimezone().isoformat(
        timespec="seconds")}
    info["nproc"] = str(os.cpu_count())
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    info["cpu"] = line.split(":", 1)[1].strip()
                    break
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal"):
                    kb = int(line.split()[1])
                    info["memory"] = f"{kb / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    info["kernel"] = platform.release()
    df = subprocess.run(["df", "-hT", workdir], capture_output=True,
                        text=True).stdout.splitlines()
    if len(df) > 1:
        parts = df[1].split()
        info["disk"] = (f"{parts[0]} ({parts[1]}), {parts[2]} total, "
                        f"{parts[4]} free")
        dev = os.path.basename(parts[0])
        rot = f"/sys/block/{dev}/queue/rotational"
        if os.path.exists(rot):
            with open(rot) as f:
                info["disk"] += (", rotational" if f.read().strip() == "1"
                                 else ", non-rotational")
    rs = subprocess.run([args_rsync, "--version"], capture_output=True,
                        text=True).stdout.splitlines()
    info["rsync"] = rs[0].strip() if rs else "?"
    info["python"] = platform.python_version()
    here = os.path.dirname(os.path.abspath(__file__))
    rev = subprocess.run(["git", "-C", here, "describe", "--always",
                          "--dirty"], capture_output=True, text=True)
    if label:
        info["qrsync"] = label
    elif rev.returncode == 0:
        info["qrsync"] = f"built from source tree at {rev.stdout.strip()}"
    return info


def table_rows(results: list[Result], baseline: str):
    """Rows pairing qrsync with rsync per scenario."""
    by = {}
    for r in results:
        by.setdefault(r.scenario, {})[r.tool] = r
    rows = []
    for scen, tools in by.items():
        q, s = tools.get("qrsync"), tools.get(baseline)
        if not q or not s:
            continue
        qt, st = q.median("wall"), s.median("wall")
        qm, sm = q.median("sum_rss_mib"), s.median("sum_rss_mib")
        ratio = qt / st if st > 0 else float("inf")
        correct = q.ok and s.ok
        met = correct and ratio <= 1.0 and qm <= sm + RSS_SLACK_MIB
        rows.append({
            "scenario": scen, "q_s": qt, "r_s": st, "ratio": ratio,
            "q_rss": qm, "r_rss": sm,
            "q_rss_max": q.median("max_rss_mib"),
            "r_rss_max": s.median("max_rss_mib"),
            "r_procs": max(x.procs for x in s.runs),
            "q_cpu": q.median("cpu"), "r_cpu": s.median("cpu"),
            "q_anon": q.median("anon_mib"), "r_anon": s.median("anon_mib"),
            "q_spread": q.spread(), "r_spread": s.spread(),
            "correct": correct,
            "met": "yes" if met else ("WRONG OUTPUT" if not correct else "no"),
        })
    return rows


def switch_rows(results: list[Result]):
    rows = [r for r in results if r.scenario.startswith("switches")]
    base = next((r for r in rows if r.tool.endswith("r0w0")), None)
    out = []
    for r in rows:
        t = r.median("wall")
        ratio = t / base.median("wall") if base and base.runs else float("nan")
        rcv, wrk = r.tool[-3], r.tool[-1]
        out.append({
            "receiver": "async" if rcv == "1" else "fallback",
            "workers": "async" if wrk == "1" else "fallback",
            "env": f"QRSYNC_ASYNC_RECEIVER={rcv} QRSYNC_ASYNC_WORKERS={wrk}",
            "s": t, "spread": r.spread(), "ratio": ratio,
            "rss": r.median("sum_rss_mib"), "ok": r.ok,
            "cpu": r.median("cpu"),
        })
    return out


def render_text(rows, srows) -> str:
    lines = []
    hdr = (f"{'scenario':<44} {'qrsync s':>9} {'rsync s':>9} {'q/r':>6} "
           f"{'qrsync MiB':>10} {'rsync MiB':>15} {'target met?':>12}")
    lines.append(hdr)
    lines.append("-" * len(hdr))
    for r in rows:
        lines.append(
            f"{r['scenario']:<44} {r['q_s']:9.3f} {r['r_s']:9.3f} "
            f"{r['ratio']:6.2f} {r['q_rss']:10.1f} "
            f"{r['r_rss']:7.1f} ({r['r_rss_max']:5.1f}) {r['met']:>12}")
    if srows:
        lines.append("")
        lines.append(f"{'qrsync initial copy, receiver/workers':<44} "
                     f"{'median s':>9} {'min-max s':>15} {'vs 0/0':>7} "
                     f"{'MiB':>7}")
        for r in srows:
            label = f"{r['receiver']}/{r['workers']}"
            lines.append(
                f"{label:<44} {r['s']:9.3f} "
                f"{r['spread'][0]:7.3f}-{r['spread'][1]:<7.3f} "
                f"{r['ratio']:7.2f} {r['rss']:7.1f}"
                f"{'' if r['ok'] else '  WRONG OUTPUT'}")
        gate = async_gate(srows)
        lines.append(f"exit gate (async/async no slower than "
                     f"fallback/fallback): {gate}")
    return "\n".join(lines)


def async_gate(srows) -> str:
    a = next((r for r in srows if r["receiver"] == r["workers"] == "async"),
             None)
    f = next((r for r in srows
              if r["receiver"] == r["workers"] == "fallback"), None)
    if not a or not f:
        return "not measured"
    if not (a["ok"] and f["ok"]):
        return "FAILED (wrong output)"
    verdict = "passed" if a["s"] <= f["s"] else "NOT passed"
    return f"{verdict} ({a['s']:.3f} s vs {f['s']:.3f} s)"


def render_markdown(rows, srows, info, shape, args, loads) -> str:
    out = []
    out.append(f"Run {info['date']} on {info['nproc']} CPUs "
               f"({info.get('cpu', '?')}), {info.get('memory', '?')} RAM, "
               f"{info.get('disk', '?')}; kernel {info['kernel']}; "
               f"{info['rsync']}; qrsync {info.get('qrsync', '?')}.")
    out.append("")
    out.append(f"Tree: {shape.files:,} files of {shape.min_size // KIB}–"
               f"{shape.max_size // KIB} KiB in {shape.dirs} directories + "
               f"{shape.large_count} × {shape.large_size // MIB} MiB "
               f"(≈ {shape.total_bytes_estimate() / MIB:,.0f} MiB). "
               f"Median of {args.runs} runs, page cache warm (nothing "
               f"dropped){'' if args.no_sync else ', sync before each run'}.")
    out.append(f"Load average (1/5/15 min) at start: {loads['start']}; "
               f"at end: {loads['end']}.")
    out.append("")
    out.append("| scenario | qrsync median s | rsync median s | "
               "ratio qrsync/rsync | qrsync peak RSS MiB | "
               "rsync peak RSS MiB, sum (largest process) | target met? |")
    out.append("|---|---:|---:|---:|---:|---:|:---:|")
    for r in rows:
        out.append(f"| {r['scenario']} | {r['q_s']:.3f} | {r['r_s']:.3f} | "
                   f"{r['ratio']:.2f} | {r['q_rss']:.1f} | "
                   f"{r['r_rss']:.1f} ({r['r_rss_max']:.1f}) | {r['met']} |")
    out.append("")
    out.append("Target: ratio ≤ 1.00 and qrsync peak RSS ≤ rsync summed peak "
               f"RSS + {RSS_SLACK_MIB:.0f} MiB, output verified identical.")
    out.append("")
    out.append("Run-to-run spread (min–max wall seconds), median CPU "
               "seconds (user + system, all processes), median peak "
               "anonymous memory (summed RSS minus file-backed pages, e.g. "
               "without mmap()ed input files) and the load average when the "
               "scenario finished:")
    out.append("")
    out.append("| scenario | qrsync min–max s | rsync min–max s | "
               "qrsync CPU s | rsync CPU s | qrsync anon MiB | "
               "rsync anon MiB | load 1/5/15 |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---|")
    for r in rows:
        out.append(f"| {r['scenario']} | {r['q_spread'][0]:.3f}–"
                   f"{r['q_spread'][1]:.3f} | {r['r_spread'][0]:.3f}–"
                   f"{r['r_spread'][1]:.3f} | {r['q_cpu']:.2f} | "
                   f"{r['r_cpu']:.2f} | {r['q_anon']:.1f} | "
                   f"{r['r_anon']:.1f} | {loads.get(r['scenario'], '')} |")
    if srows:
        out.append("")
        out.append("qrsync initial copy in the four switch combinations:")
        out.append("")
        out.append("| receiver | workers | environment | median s | "
                   "min–max s | vs fallback/fallback | CPU s | "
                   "peak RSS MiB |")
        out.append("|---|---|---|---:|---:|---:|---:|---:|")
        for r in srows:
            out.append(f"| {r['receiver']} | {r['workers']} | `{r['env']}` | "
                       f"{r['s']:.3f} | {r['spread'][0]:.3f}–"
                       f"{r['spread'][1]:.3f} | {r['ratio']:.2f} | "
                       f"{r['cpu']:.2f} | {r['rss']:.1f}{'' if r['ok'] else ' WRONG OUTPUT'} |")
        out.append("")
        out.append(f"Exit gate (async no slower than fallback): "
                   f"{async_gate(srows)}. Load when finished: "
                   f"{loads.get('switches: initial copy', '')}.")
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--qrsync", required=True, help="qrsync binary")
    p.add_argument("--rsync", default="/usr/bin/rsync",
                   help="stock rsync (baseline and verifier)")
    p.add_argument("--workdir", help="where to put the tree "
                   "(default: a new directory under $TMPDIR or /tmp)")
    p.add_argument("--quick", action="store_true",
                   help="2,000 files in 20 directories + 4 x 32 MiB")
    p.add_argument("--scale", type=float, default=1.0,
                   help="scale file count, directory count and large-file "
                   "size (default 1 = 20,000 files, 200 dirs, 4 x 256 MiB)")
    p.add_argument("--runs", type=int, default=5, help="runs per median")
    p.add_argument("--seed", type=int, default=20240611)
    p.add_argument("--markdown", help="also write the tables here")
    p.add_argument("--label", help="what the qrsync binary was built from "
                   "(default: git describe of this source tree)")
    p.add_argument("--json", help="write raw per-run numbers here")
    p.add_argument("--skip-switches", action="store_true",
                   help="do not run the four async switch combinations")
    p.add_argument("--no-verify", action="store_true",
                   help="skip the rsync -anci check after each run")
    p.add_argument("--no-sync", action="store_true",
                   help="do not call sync(2) before each timed run")
    p.add_argument("--keep", action="store_true",
                   help="keep the generated tree")
    p.add_argument("--strict", action="store_true",
                   help="exit 1 when a target or the async gate is missed")
    return p.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.quick:
        shape = Shape(2000, 20, 1 * KIB, 16 * KIB, 4, 32 * MIB)
    else:
        s = args.scale
        shape = Shape(max(1, round(20000 * s)), max(1, round(200 * s)),
                      1 * KIB, 16 * KIB, 4,
                      max(4 * MIB, round(256 * s) * MIB))
    for binary in (args.qrsync, args.rsync, "/usr/bin/time"):
        if not os.access(binary, os.X_OK):
            print(f"localbench: {binary} is not executable", file=sys.stderr)
            return 2

    base = args.workdir or os.environ.get("TMPDIR") or "/tmp"
    os.makedirs(base, exist_ok=True)
    work = tempfile.mkdtemp(prefix="qrsync-bench-", dir=base)
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("QRSYNC_")}  # compiled defaults for qrsync
    env["LC_ALL"] = "C"
    qrsync = Tool("qrsync", os.path.abspath(args.qrsync), env)
    rsync = Tool("rsync", args.rsync, env)

    bench = Bench(args, work)
    loads = {"start": fmt_load(os.getloadavg())}
    try:
        bench.log(f"generating {shape} under {work} (seed {args.seed})")
        t0 = time.perf_counter()
        generate_tree(bench.src, shape, args.seed)
        os.sync()
        bench.log(f"generated in {time.perf_counter() - t0:.1f} s")
        bench.run_all(qrsync, rsync)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    loads["end"] = fmt_load(os.getloadavg())

    rows = table_rows(bench.results, "rsync")
    srows = switch_rows(bench.results)
    info = machine_info(base, args.rsync, args.label)
    loads.update(bench.loads)
    print()
    print(f"{info['date']}  nproc {info['nproc']}  {info.get('memory', '?')}"
          f"  load start {loads['start']}  end {loads['end']}")
    print(render_text(rows, srows))
    print("RSS columns: qrsync = peak summed RSS of its process tree; "
          "rsync = peak summed RSS (largest single process).")
    if args.markdown:
        os.makedirs(os.path.dirname(os.path.abspath(args.markdown)),
                    exist_ok=True)
        with open(args.markdown, "w") as f:
            f.write(render_markdown(rows, srows, info, shape, args, loads))
        print(f"markdown written to {args.markdown}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"machine": info, "loads": loads,
                       "scenario_loads": bench.loads,
                       "shape": shape.__dict__,
                       "results": [{"scenario": r.scenario, "tool": r.tool,
                                    "runs": [x.__dict__ for x in r.runs]}
                                   for r in bench.results]}, f, indent=1)

    if bench.failures:
        print(f"FAILED runs (non-zero exit or destination differs): "
              f"{', '.join(bench.failures)}", file=sys.stderr)
        return 1
    if args.strict:
        missed = [r["scenario"] for r in rows if r["met"] != "yes"]
        if missed or (srows and not async_gate(srows).startswith("passed")):
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
