#!/usr/bin/env python3
"""Daemon benchmark: `qrsync --daemon` in both listener modes against stock
`rsync --daemon`, all three on 127.0.0.1 in the same run (`make bench
BENCH=daemon`).

Measured for each daemon ("events", "threads", "stock"):
  - handshake latency p50/p99 and connections accepted per second with 1,
    64 and 512 concurrent clients, each looping over connect, greeting,
    module-list request, "@RSYNCD: EXIT", close (the whole text phase);
  - idle cost: the daemon's summed RSS (its whole process tree: stock forks
    per connection) with 1,000 connections parked in the text phase, minus
    the RSS before, per connection;
  - pull throughput: 1, 16 and 64 concurrent stock rsync clients pulling a
    module (many small files plus a few 8 MiB ones), MiB/s over the whole
    batch.
Every number is the median of --runs runs. Standard library only.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

MIB = 1 << 20


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tree_rss_kib(pid: int) -> int:
    """RSS of pid and all its descendants (KiB)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
        except OSError:
            continue
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            pass
        todo.extend(children.get(p, []))
    return total


class Daemon:
    def __init__(self, kind: str, qrsync: str, module: str, work: str):
        self.kind, self.port = kind, free_port()
        conf = os.path.join(work, f"{kind}.conf")
        with open(conf, "w") as f:
            f.write("uid = root\ngid = root\nuse chroot = no\nmax connections = 0\n")
            if kind == "stock":
                # qrsync listens with a backlog of 1024; stock's default is 5,
                # which drops connections at 512 concurrent clients.
                f.write("listen backlog = 1024\n")
            f.write(f"[m]\npath = {module}\n")
        common = [f"--config={conf}", "--no-detach", "--address=127.0.0.1",
                  f"--port={self.port}", f"--log-file={os.path.join(work, kind + '.log')}"]
        if kind == "stock":
            cmd = ["rsync", "--daemon"] + common
        else:
            cmd = [qrsync, "--daemon"] + common
            if kind == "threads":
                cmd.append("--no-async=daemon")
        self.proc = subprocess.Popen(cmd)
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"{kind} daemon did not start")

    def stop(self):
        self.proc.terminate()
        self.proc.wait(15)


async def one_handshake(port: int) -> float:
    """Seconds for one whole text phase; inf when it failed or took > 30 s."""
    t = time.perf_counter()

    async def talk():
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            await reader.readline()
            writer.write(b"@RSYNCD: 32.0 md5\n#list\n")
            await writer.drain()
            while True:
                line = await reader.readline()
                if not line:
                    raise ConnectionError("closed early")
                if line.startswith(b"@RSYNCD: EXIT"):
                    return
        finally:
            writer.close()

    try:
        await asyncio.wait_for(talk(), 30)
    except (OSError, asyncio.TimeoutError, ConnectionError):
        return float("inf")
    return time.perf_counter() - t


async def handshake_load(port: int, clients: int, total: int):
    latencies: list[float] = []
    per_client = max(1, total // clients)

    async def client():
        for _ in range(per_client):
            latencies.append(await one_handshake(port))

    start = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    elapsed = time.perf_counter() - start
    latencies.sort()
    ok = [x for x in latencies if x != float("inf")]
    failed = len(latencies) - len(ok)
    if failed:
        print(f"  {failed} of {len(latencies)} handshakes failed at {clients} clients",
              file=sys.stderr)
    # Failures count as infinitely slow in the percentiles.
    return (len(ok) / elapsed, latencies[len(latencies) // 2] * 1000,
            latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000)


async def idle_cost(daemon: Daemon, count: int) -> float:
    await asyncio.sleep(0.5)
    before = tree_rss_kib(daemon.proc.pid)
    conns = []
    for _ in range(count):
        r, w = await asyncio.open_connection("127.0.0.1", daemon.port)
        await asyncio.wait_for(r.readline(), 30)  # greeting: the daemon holds the connection
        conns.append(w)
    await asyncio.sleep(1.0)
    after = tree_rss_kib(daemon.proc.pid)
    for w in conns:
        w.close()
    await asyncio.sleep(1.0)
    return (after - before) / count


def pull_throughput(port: int, clients: int, work: str, module_bytes: int) -> float:
    dests = [tempfile.mkdtemp(dir=work) for _ in range(clients)]
    start = time.perf_counter()
    procs = [subprocess.Popen(["rsync", "-a", f"rsync://127.0.0.1:{port}/m/", d + "/"])
             for d in dests]
    codes = [p.wait() for p in procs]
    elapsed = time.perf_counter() - start
    for d in dests:
        shutil.rmtree(d)
    if any(codes):
        raise RuntimeError(f"pull failed: {codes}")
    return clients * module_bytes / elapsed / MIB


def make_module(path: str, files: int, big: int) -> int:
    os.makedirs(path)
    total = 0
    for i in range(files):
        d = os.path.join(path, f"d{i % 20}")
        os.makedirs(d, exist_ok=True)
        data = os.urandom(1024 + (i * 37) % 8192)
        with open(os.path.join(d, f"f{i}"), "wb") as f:
            f.write(data)
        total += len(data)
    for i in range(big):
        with open(os.path.join(path, f"big{i}.bin"), "wb") as f:
            f.write(os.urandom(8 * MIB))
        total += 8 * MIB
    return total


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("build", nargs="?", default="build")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--quick", action="store_true", help="fewer handshakes and files")
    ap.add_argument("--workdir", default=None)
    # Options meant for the other benchmarks of `make bench` are ignored.
    args, _ = ap.parse_known_args()
    qrsync = os.path.abspath(os.path.join(args.build, "bin", "qrsync"))
    work = tempfile.mkdtemp(prefix="qrsync-daemonbench-", dir=args.workdir)
    module = os.path.join(work, "module")
    module_bytes = make_module(module, 200 if args.quick else 1000, 1 if args.quick else 4)
    handshakes = 256 if args.quick else 2048
    idle = 200 if args.quick else 1000
    results: dict[str, dict[str, list[float]]] = {}
    try:
        for run in range(args.runs):
            for kind in ("events", "threads", "stock"):
                d = Daemon(kind, qrsync, module, work)
                r = results.setdefault(kind, {})
                try:
                    for c in (1, 64, 512):
                        cps, p50, p99 = asyncio.run(handshake_load(d.port, c, max(c, handshakes)))
                        r.setdefault(f"conn/s @{c}", []).append(cps)
                        r.setdefault(f"p50 ms @{c}", []).append(p50)
                        r.setdefault(f"p99 ms @{c}", []).append(p99)
                    r.setdefault(f"idle KiB/conn @{idle}", []).append(asyncio.run(idle_cost(d, idle)))
                    for c in (1, 16, 64):
                        r.setdefault(f"pull MiB/s @{c}", []).append(
                            pull_throughput(d.port, c, work, module_bytes))
                finally:
                    d.stop()
            print(f"run {run + 1}/{args.runs} done", file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    keys = list(results["events"].keys())
    lines = ["| measure | events | threads | stock rsync |", "|---|---:|---:|---:|"]
    for k in keys:
        cells = [f"{statistics.median(results[kind][k]):.1f}" for kind in ("events", "threads", "stock")]
        lines.append(f"| {k} | " + " | ".join(cells) + " |")
    table = "\n".join(lines)
    print(table)
    out = os.path.join(args.build, "bench")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "daemon-results.md"), "w") as f:
        f.write(table + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
