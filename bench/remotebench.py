#!/usr/bin/env python3
"""Remote-shell benchmark: qrsync in either role against stock rsync.

Pull and push of the benchmark tree of localbench.py over the loopback
remote shell tests/tools/rsh-loopback.sh (it drops the host argument and
runs the remote command locally through sh, as sshd would), in four
scenarios per direction: initial copy and delta (a change set applied to
the source: 3 MiB edited inside a large file, small files modified,
added, deleted, renamed, chmod'ed), each without and with -z.

Every scenario runs three pairings, rotated run by run:

  qrsync-client  qrsync client  -> stock rsync --server
  qrsync-server  stock client   -> qrsync --server (--rsync-path)
  stock          stock client   -> stock rsync --server (the baseline)

and reports the median wall time of each pairing against the baseline.

Peak RSS is reported per side. The server is started through a wrapper
script (--rsync-path) that runs it under /usr/bin/time, which gives the
exact peak RSS of the largest server process and the server's CPU time.
In addition a poller samples the process tree every 20 ms, splits it into
the client side (the client and its forks) and the server side (everything
under the remote shell), and records the peak of the summed RSS of the
rsync/qrsync processes of each side and the largest VmHWM seen on each
side. After every run the destination is checked against the source with
`rsync -anci --delete`.

Standard library only. See docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field

from localbench import (CHANGED_FILE, KIB, MIB, Shape, edit_large_file,
                        fmt_load, generate_tree, machine_info, rss_bytes,
                        verify)

SAMPLE_INTERVAL = 0.020
RSS_SLACK_MIB = 20.0  # same memory target as the local benchmark
RSH_SCRIPT = "rsh-loopback.sh"  # default, next to this source tree
BASELINE = "stock"
PAIRINGS = ["qrsync-client", "qrsync-server", BASELINE]


# --------------------------------------------------------------------------
# Change set


def break_link(path: str) -> None:
    """Gives path its own inode (the trees share inodes via cp -al)."""
    tmp = path + ".bench-tmp"
    shutil.copy2(path, tmp)
    os.replace(tmp, path)


def apply_change_set(root: str, shape: Shape, seed: int) -> dict[str, int]:
    """Changes the tree at root (a hard-link copy of the source).

    About 1 % of the small files each are modified in place (same size),
    grown, added, deleted, renamed and chmod'ed, and 3 x 1 MiB are
    overwritten inside large/big0.bin. Modified files get mtime + 1 h.
    Deterministic for a given seed and shape."""
    import random
    rng = random.Random(seed ^ 0xC4A96E)
    small = os.path.join(root, "small")
    files = sorted(os.path.join(dp, n) for dp, _dn, fn in os.walk(small)
                   for n in fn)
    step = max(1, len(files) // max(1, shape.files // 100))
    picks = files[::step]
    counts = {"modified": 0, "grown": 0, "deleted": 0, "renamed": 0,
              "chmod": 0, "added": 0}
    for i, path in enumerate(picks):
        kind = ("modified", "grown", "deleted", "renamed", "chmod")[i % 5]
        st = os.stat(path)
        if kind == "modified":
            break_link(path)
            with open(path, "r+b") as f:
                f.seek(st.st_size // 2)
                f.write(rng.randbytes(min(512, st.st_size // 2)))
            os.utime(path, (st.st_atime, st.st_mtime + 3600))
        elif kind == "grown":
            break_link(path)
            with open(path, "ab") as f:
                f.write(rng.randbytes(KIB))
            os.utime(path, (st.st_atime, st.st_mtime + 3600))
        elif kind == "deleted":
            os.unlink(path)
        elif kind == "renamed":
            os.rename(path, path[:-len(".dat")] + "-renamed.dat")
        else:
            break_link(path)
            os.chmod(path, 0o600)
        counts[kind] += 1
    dirs = sorted(os.listdir(small))
    for i in range(len(picks)):
        d = os.path.join(small, dirs[i % len(dirs)])
        with open(os.path.join(d, f"new{i:05d}.dat"), "wb") as f:
            f.write(rng.randbytes(rng.randint(shape.min_size,
                                              shape.max_size)))
        counts["added"] += 1
    big = os.path.join(root, CHANGED_FILE)
    break_link(big)
    edit_large_file(big, seed)
    counts["large_mib"] = 3
    return counts


# --------------------------------------------------------------------------
# Measurement


@dataclass
class Run:
    wall: float
    cpu: float  # user + system of every process (outer /usr/bin/time)
    server_cpu: float  # user + system of the server (wrapper's time)
    max_rss_mib: float  # outer %M: largest process of the whole tree
    server_max_mib: float  # wrapper's %M: largest server process (exact)
    client_max_mib: float  # largest VmHWM seen on the client side
    client_sum_mib: float  # sampled peak summed RSS, client side
    server_sum_mib: float  # sampled peak summed RSS, server side
    client_anon_mib: float  # same, minus file-backed pages (mmap)
    server_anon_mib: float
    client_procs: int
    server_procs: int
    rc: int
    ok: bool


def proc_tree(root: int, binaries: tuple[str, ...]) -> list[tuple[int, str]]:
    """(pid, side) of every descendant of root (/usr/bin/time around the
    client). The client and the forks it makes of itself are the client
    side; the first process below them that runs another program (the
    remote shell, which execs sh, the wrapper and /usr/bin/time in turn)
    and everything under it is the server side."""
    out = []
    stack = [(root, "top")]
    while stack:
        p, side = stack.pop()
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
            for k in kids:
                if side == "top":
                    kside = "client"
                elif side == "client" and not is_rsync(k, binaries):
                    kside = "server"
                else:
                    kside = side
                out.append((k, kside))
                stack.append((k, kside))
    return out


def is_rsync(pid: int, binaries: tuple[str, ...]) -> bool:
    try:
        return os.path.realpath(f"/proc/{pid}/exe") in binaries
    except OSError:
        return False


def vm_hwm(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * KIB
    except (OSError, ValueError, IndexError):
        pass
    return 0


def read_time_file(path: str) -> list[str]:
    try:
        with open(path) as f:
            return f.read().split()
    except OSError:
        return []


def measure(argv: list[str], env: dict[str, str], server_time: str,
            binaries: tuple[str, ...], log) -> Run:
    try:
        os.unlink(server_time)
    except FileNotFoundError:
        pass
    with tempfile.NamedTemporaryFile("r", prefix="qrbench-time-") as tf:
        cmd = ["/usr/bin/time", "-o", tf.name, "-f", "%e %U %S %M"] + argv
        sides: dict[int, str] = {}
        hwm = {"client": 0, "server": 0}
        peak = {"client": 0, "server": 0}
        peak_anon = {"client": 0, "server": 0}
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)
        while proc.poll() is None:
            total = {"client": 0, "server": 0}
            anon = {"client": 0, "server": 0}
            for pid, side in proc_tree(proc.pid, binaries):
                # Checked on every sample: a process seen between fork
                # and exec still runs its parent's binary.
                if not is_rsync(pid, binaries):
                    continue
                sides[pid] = side
                res, an = rss_bytes(pid)
                total[side] += res
                anon[side] += an
                hwm[side] = max(hwm[side], vm_hwm(pid))
            for s in peak:
                peak[s] = max(peak[s], total[s])
                peak_anon[s] = max(peak_anon[s], anon[s])
            time.sleep(SAMPLE_INTERVAL)
        wall = time.perf_counter() - t0
        err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        fields = tf.read().split()
    rc = proc.returncode
    if rc != 0 or len(fields) < 4:
        log(f"    command failed (rc={rc}): {' '.join(argv)}\n{err.strip()}")
    try:
        cpu = float(fields[-3]) + float(fields[-2])
        max_rss = int(fields[-1]) / 1024.0
    except (IndexError, ValueError):
        cpu, max_rss = 0.0, 0.0
    sf = read_time_file(server_time)
    try:
        server_cpu = float(sf[-3]) + float(sf[-2])
        server_max = int(sf[-1]) / 1024.0
    except (IndexError, ValueError):
        server_cpu, server_max = 0.0, 0.0
    client_max = hwm["client"] / MIB
    nclient = sum(1 for s in sides.values() if s == "client")
    nserver = sum(1 for s in sides.values() if s == "server")
    return Run(wall, cpu, server_cpu, max_rss, server_max, client_max,
               max(peak["client"] / MIB, client_max),
               max(peak["server"] / MIB, server_max),
               peak_anon["client"] / MIB, peak_anon["server"] / MIB,
               nclient, nserver, rc, rc == 0)


# --------------------------------------------------------------------------
# Scenarios


@dataclass
class Pairing:
    name: str
    client: str  # binary
    server: str  # wrapper script given to --rsync-path
    server_time: str  # where the wrapper writes /usr/bin/time's line


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


class RemoteBench:
    def __init__(self, args, work: str, env: dict[str, str], rsh: str):
        self.args = args
        self.work = work
        self.env = env
        self.rsh = rsh
        self.rsync = args.rsync
        self.qrsync = os.path.abspath(args.qrsync)
        self.src_a = os.path.join(work, "src")  # as generated
        self.src_b = os.path.join(work, "src-changed")  # with the change set
        self.binaries = (os.path.realpath(self.rsync),
                         os.path.realpath(self.qrsync))
        self.results: list[Result] = []
        self.loads: dict[str, str] = {}
        self.failures: list[str] = []
        self.commands: dict[tuple[str, str], str] = {}
        self.pairings = {
            "qrsync-client": Pairing("qrsync-client", self.qrsync,
                                     self.wrapper("rsync", self.rsync), ""),
            "qrsync-server": Pairing("qrsync-server", self.rsync,
                                     self.wrapper("qrsync", self.qrsync), ""),
            BASELINE: Pairing(BASELINE, self.rsync,
                              self.wrapper("rsync", self.rsync), ""),
        }
        for p in self.pairings.values():
            p.server_time = p.server + ".time"

    def wrapper(self, name: str, binary: str) -> str:
        """A script for --rsync-path that runs the server under
        /usr/bin/time, writing %e %U %S %M next to itself."""
        path = os.path.join(self.work, f"server-{name}.sh")
        with open(path, "w") as f:
            f.write("#!/bin/sh\n"
                    f"exec /usr/bin/time -o '{path}.time' "
                    f"-f '%e %U %S %M' '{binary}' \"$@\"\n")
        os.chmod(path, 0o755)
        return path

    def log(self, msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    def dst(self, pairing: str) -> str:
        return os.path.join(self.work, "dst-" + pairing)

    def settle(self) -> None:
        if not self.args.no_sync:
            os.sync()

    def argv(self, p: Pairing, direction: str, src: str, dst: str,
             extra: list[str]) -> list[str]:
        head = [p.client, "-a", "--delete"] + extra + [
            "-e", self.rsh, f"--rsync-path={p.server}"]
        if direction == "pull":
            return head + [f"localhost:{src}/", dst + "/"]
        return head + [src + "/", f"localhost:{dst}/"]

    def run_one(self, res: Result, p: Pairing, direction: str, src: str,
                extra: list[str], prepare) -> None:
        dst = self.dst(p.name)
        prepare(dst)
        self.settle()
        argv = self.argv(p, direction, src, dst, extra)
        self.commands.setdefault((res.scenario, p.name),
                                 " ".join(argv).replace(self.work, "$W"))
        run = measure(argv, self.env, p.server_time, self.binaries, self.log)
        if run.ok and not self.args.no_verify:
            diff = verify(self.rsync, src, dst)
            if diff:
                run.ok = False
                lines = diff.splitlines()
                self.log(f"    {p.name}: destination differs from source "
                         f"({len(lines)} lines), e.g.\n      " +
                         "\n      ".join(lines[:5]))
        if not run.ok:
            self.failures.append(f"{res.scenario}/{p.name} run "
                                 f"{len(res.runs) + 1}")
        res.runs.append(run)
        self.log(f"    {p.name:<14} {run.wall:8.3f} s  cpu {run.cpu:6.2f} s "
                 f"(server {run.server_cpu:5.2f})  client "
                 f"{run.client_sum_mib:6.1f} ({run.client_max_mib:5.1f}) MiB"
                 f"  server {run.server_sum_mib:6.1f} "
                 f"({run.server_max_mib:5.1f}) MiB  anon "
                 f"{run.client_anon_mib:.1f}/{run.server_anon_mib:.1f}  procs "
                 f"{run.client_procs}+{run.server_procs}  "
                 f"{'ok' if run.ok else 'FAILED'}")

    def scenario(self, name: str, direction: str, src: str,
                 extra: list[str], prepare) -> None:
        self.log(f"== {name}  (load {fmt_load(os.getloadavg())})")
        names = [n for n in PAIRINGS if n in self.args.pairings]
        results = [Result(name, n) for n in names]
        for i in range(self.args.runs):
            k = i % len(names)
            order = list(range(len(names)))[k:] + list(range(len(names)))[:k]
            for j in order:
                self.run_one(results[j], self.pairings[names[j]], direction,
                             src, extra, prepare)
        self.loads[name] = fmt_load(os.getloadavg())
        self.results.extend(results)

    # Preparation, outside the timed region.

    @staticmethod
    def prep_empty(dst: str) -> None:
        shutil.rmtree(dst, ignore_errors=True)

    def prep_restore(self, dst: str) -> None:
        """Brings dst back to the unchanged tree (stock local rsync, which
        copies changed files whole), so every delta run does the same
        work."""
        os.makedirs(dst, exist_ok=True)
        r = subprocess.run([self.rsync, "-a", "--delete", self.src_a + "/",
                            dst + "/"], capture_output=True, text=True,
                           env=self.env)
        if r.returncode != 0:
            raise SystemExit(f"restoring {dst} failed: {r.stderr.strip()}")

    def run_all(self, shape: Shape) -> None:
        # The changed tree shares unchanged files with the source by hard
        # links, so it costs only the changed files' space.
        subprocess.run(["cp", "-al", self.src_a, self.src_b], check=True)
        counts = apply_change_set(self.src_b, shape, self.args.seed)
        self.change_set = counts
        self.log(f"change set: {counts}")
        for direction in self.args.directions:
            for z in self.args.compress:
                extra = ["-z"] if z == "z" else []
                suffix = ", -z" if extra else ""
                if "initial" in self.args.kinds:
                    self.scenario(f"{direction}, initial{suffix}", direction,
                                  self.src_a, extra, self.prep_empty)
                if "delta" in self.args.kinds:
                    self.scenario(f"{direction}, delta{suffix}", direction,
                                  self.src_b, extra, self.prep_restore)
        for n in PAIRINGS:
            shutil.rmtree(self.dst(n), ignore_errors=True)


# --------------------------------------------------------------------------
# Reporting


def rows_of(results: list[Result]):
    by: dict[str, dict[str, Result]] = {}
    for r in results:
        by.setdefault(r.scenario, {})[r.tool] = r
    rows = []
    for scen, tools in by.items():
        base = tools.get(BASELINE)
        row = {"scenario": scen, "pairings": {}}
        bt = base.median("wall") if base else float("nan")
        for name in PAIRINGS:
            r = tools.get(name)
            if not r:
                continue
            t = r.median("wall")
            row["pairings"][name] = {
                "s": t, "ratio": t / bt if bt > 0 else float("nan"),
                "spread": r.spread(), "ok": r.ok,
                "cpu": r.median("cpu"),
                "server_cpu": r.median("server_cpu"),
                "client_sum": r.median("client_sum_mib"),
                "client_max": r.median("client_max_mib"),
                "server_sum": r.median("server_sum_mib"),
                "server_max": r.median("server_max_mib"),
                "client_anon": r.median("client_anon_mib"),
                "server_anon": r.median("server_anon_mib"),
            }
        rows.append(row)
    return rows


def verdict(row, name: str) -> str:
    q = row["pairings"].get(name)
    b = row["pairings"].get(BASELINE)
    if not q or not b:
        return "-"
    if not (q["ok"] and b["ok"]):
        return "WRONG OUTPUT"
    side = "client" if name == "qrsync-client" else "server"
    rss_ok = q[f"{side}_sum"] <= b[f"{side}_sum"] + RSS_SLACK_MIB
    return "yes" if q["ratio"] <= 1.0 and rss_ok else "no"


def fmt_ratio(row, name: str) -> str:
    q = row["pairings"].get(name)
    return f"{q['ratio']:.2f}" if q else "-"


def fmt_s(row, name: str) -> str:
    q = row["pairings"].get(name)
    return f"{q['s']:.3f}" if q else "-"


def render_text(rows) -> str:
    lines = []
    hdr = (f"{'scenario':<20} {'stock s':>8} {'qcli s':>8} {'ratio':>6} "
           f"{'qsrv s':>8} {'ratio':>6}   RSS MiB client/server: "
           f"{'q-client':>13} {'q-server':>13} {'stock':>13}")
    lines.append(hdr)
    lines.append("-" * len(hdr))
    for row in rows:
        rss = []
        for n in PAIRINGS:
            q = row["pairings"].get(n)
            rss.append(f"{q['client_sum']:6.1f}/{q['server_sum']:<6.1f}"
                       if q else f"{'-':>13}")
        lines.append(
            f"{row['scenario']:<20} {fmt_s(row, BASELINE):>8} "
            f"{fmt_s(row, 'qrsync-client'):>8} "
            f"{fmt_ratio(row, 'qrsync-client'):>6} "
            f"{fmt_s(row, 'qrsync-server'):>8} "
            f"{fmt_ratio(row, 'qrsync-server'):>6}   {'':24}"
            f"{rss[0]:>13} {rss[1]:>13} {rss[2]:>13}")
    return "\n".join(lines)


def render_markdown(rows, info, shape, args, loads, counts, commands,
                    rsh) -> str:
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
               f"Change set for the delta runs: "
               + ", ".join(f"{v} {k}" for k, v in counts.items()
                           if k != "large_mib")
               + f" small files, {counts.get('large_mib', 0)} MiB edited "
               f"inside {CHANGED_FILE}. Median of {args.runs} runs, "
               f"pairings rotated run by run, page cache warm"
               f"{'' if args.no_sync else ', sync before each run'}.")
    out.append(f"Load average (1/5/15 min) at start: {loads['start']}; "
               f"at end: {loads['end']}.")
    out.append("")
    out.append("| scenario | stock↔stock s | qrsync client → stock server s "
               "| ratio | target met? | stock client → qrsync server s | "
               "ratio | target met? |")
    out.append("|---|---:|---:|---:|:---:|---:|---:|:---:|")
    for row in rows:
        out.append(f"| {row['scenario']} | {fmt_s(row, BASELINE)} | "
                   f"{fmt_s(row, 'qrsync-client')} | "
                   f"{fmt_ratio(row, 'qrsync-client')} | "
                   f"{verdict(row, 'qrsync-client')} | "
                   f"{fmt_s(row, 'qrsync-server')} | "
                   f"{fmt_ratio(row, 'qrsync-server')} | "
                   f"{verdict(row, 'qrsync-server')} |")
    out.append("")
    out.append("Target: ratio ≤ 1.00 and qrsync's side's peak RSS ≤ stock "
               f"rsync's same side + {RSS_SLACK_MIB:.0f} MiB, output verified "
               "identical.")
    out.append("")
    out.append("Peak RSS in MiB per side, median of the runs: summed RSS "
               "of the side's rsync/qrsync processes sampled every 20 ms "
               "(largest single process in parentheses: VmHWM for the "
               "client, /usr/bin/time %M for the server); anon is the "
               "sampled summed RSS minus file-backed pages (without "
               "mmap()ed files). CPU is user + "
               "system seconds, client + server (server alone in "
               "parentheses).")
    out.append("")
    out.append("| scenario | pairing | client RSS | server RSS | "
               "client anon | server anon | CPU s | min–max s |")
    out.append("|---|---|---:|---:|---:|---:|---:|---:|")
    label = {"qrsync-client": "qrsync → stock",
             "qrsync-server": "stock → qrsync",
             BASELINE: "stock → stock"}
    for row in rows:
        for n in PAIRINGS:
            q = row["pairings"].get(n)
            if not q:
                continue
            out.append(f"| {row['scenario']} | {label[n]} | "
                       f"{q['client_sum']:.1f} ({q['client_max']:.1f}) | "
                       f"{q['server_sum']:.1f} ({q['server_max']:.1f}) | "
                       f"{q['client_anon']:.1f} | {q['server_anon']:.1f} | "
                       f"{q['cpu']:.2f} ({q['server_cpu']:.2f}) | "
                       f"{q['spread'][0]:.3f}–{q['spread'][1]:.3f}"
                       f"{'' if q['ok'] else ' WRONG OUTPUT'} |")
    out.append("")
    out.append(f"Remote shell: `-e {rsh}`. Command lines of the first "
               "scenario of each direction (`$W` is the work directory; "
               "`server-NAME.sh` execs `/usr/bin/time -o FILE -f "
               "'%e %U %S %M'` on the server binary; -z adds `-z`):")
    out.append("")
    out.append("```")
    shown = set()
    for (scen, name), cmd in commands.items():
        key = (scen.split(",")[0], name)
        if key not in shown:
            shown.add(key)
            out.append(cmd)
    out.append("```")
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--qrsync", required=True, help="qrsync binary")
    p.add_argument("--rsync", default="/usr/bin/rsync",
                   help="stock rsync (baseline and verifier)")
    p.add_argument("--rsh", help="remote shell script (default: "
                   "tests/tools/rsh-loopback.sh of this source tree)")
    p.add_argument("--workdir", help="where to put the trees "
                   "(default: a new directory under $TMPDIR or /tmp)")
    p.add_argument("--quick", action="store_true",
                   help="2,000 files in 20 directories + 4 x 32 MiB")
    p.add_argument("--scale", type=float, default=1.0,
                   help="scale file count, directory count and large-file "
                   "size (default 1 = 20,000 files, 200 dirs, 4 x 256 MiB)")
    p.add_argument("--runs", type=int, default=5, help="runs per median")
    p.add_argument("--seed", type=int, default=20240611)
    p.add_argument("--directions", default="pull,push",
                   type=lambda s: s.split(","), help="pull,push")
    p.add_argument("--kinds", default="initial,delta",
                   type=lambda s: s.split(","), help="initial,delta")
    p.add_argument("--compress", default="-,z", type=lambda s: s.split(","),
                   help="'-' (no -z) and/or 'z' (default: -,z)")
    p.add_argument("--pairings", default=",".join(PAIRINGS),
                   type=lambda s: s.split(","),
                   help="qrsync-client,qrsync-server,stock")
    p.add_argument("--markdown", help="also write the tables here")
    p.add_argument("--label", help="what the qrsync binary was built from")
    p.add_argument("--json", help="write raw per-run numbers here")
    p.add_argument("--no-verify", action="store_true")
    p.add_argument("--no-sync", action="store_true")
    p.add_argument("--keep", action="store_true")
    p.add_argument("--strict", action="store_true",
                   help="exit 1 when a target is missed")
    p.add_argument("--skip-switches", action="store_true",
                   help="accepted for BENCH_ARGS shared with localbench.py; "
                   "no effect here")
    return p.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    if BASELINE not in args.pairings:
        args.pairings.append(BASELINE)
    if args.quick:
        shape = Shape(2000, 20, 1 * KIB, 16 * KIB, 4, 32 * MIB)
    else:
        s = args.scale
        shape = Shape(max(1, round(20000 * s)), max(1, round(200 * s)),
                      1 * KIB, 16 * KIB, 4,
                      max(4 * MIB, round(256 * s) * MIB))
    here = os.path.dirname(os.path.abspath(__file__))
    rsh = args.rsh or os.path.join(os.path.dirname(here), "tests", "tools",
                                   RSH_SCRIPT)
    for binary in (args.qrsync, args.rsync, "/usr/bin/time", rsh):
        if not os.access(binary, os.X_OK):
            print(f"remotebench: {binary} is not executable", file=sys.stderr)
            return 2

    base = args.workdir or os.environ.get("TMPDIR") or "/tmp"
    os.makedirs(base, exist_ok=True)
    work = tempfile.mkdtemp(prefix="qrsync-rbench-", dir=base)
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("QRSYNC_") and k != "RSYNC_RSH"}
    env["LC_ALL"] = "C"

    # Let `kill` (SIGTERM) still remove the work directory.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    bench = RemoteBench(args, work, env, rsh)
    loads = {"start": fmt_load(os.getloadavg())}
    try:
        bench.log(f"generating {shape} under {work} (seed {args.seed})")
        t0 = time.perf_counter()
        generate_tree(bench.src_a, shape, args.seed)
        os.sync()
        bench.log(f"generated in {time.perf_counter() - t0:.1f} s")
        bench.run_all(shape)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    loads["end"] = fmt_load(os.getloadavg())

    rows = rows_of(bench.results)
    info = machine_info(base, args.rsync, args.label)
    print()
    print(f"{info['date']}  nproc {info['nproc']}  {info.get('memory', '?')}"
          f"  load start {loads['start']}  end {loads['end']}")
    print(render_text(rows))
    print("ratio = median wall time of the pairing / stock client -> stock "
          "server; RSS = peak summed RSS per side.")
    if args.markdown:
        os.makedirs(os.path.dirname(os.path.abspath(args.markdown)),
                    exist_ok=True)
        with open(args.markdown, "w") as f:
            f.write(render_markdown(rows, info, shape, args, loads,
                                    bench.change_set, bench.commands, rsh))
        print(f"markdown written to {args.markdown}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"machine": info, "loads": loads,
                       "scenario_loads": bench.loads,
                       "shape": shape.__dict__,
                       "change_set": bench.change_set,
                       "results": [{"scenario": r.scenario, "tool": r.tool,
                                    "runs": [x.__dict__ for x in r.runs]}
                                   for r in bench.results]}, f, indent=1)

    if bench.failures:
        print(f"FAILED runs (non-zero exit or destination differs): "
              f"{', '.join(bench.failures)}", file=sys.stderr)
        return 1
    if args.strict:
        if any(verdict(r, n) != "yes" for r in rows
               for n in ("qrsync-client", "qrsync-server")
               if n in r["pairings"]):
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
