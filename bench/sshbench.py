#!/usr/bin/env python3
"""SSH benchmark: the built-in SSH client against OpenSSH, over loopback.

Starts its own OpenSSH sshd on 127.0.0.1 (keys generated into a temporary
directory, stopped by PID at the end) and moves the benchmark tree of
localbench.py through it to stock `rsync --server`, pull and push, in
four pairings rotated run by run:

  builtin-event     qrsync --ssh=builtin (event-loop mode, the default)
  builtin-blocking  qrsync --ssh=builtin --no-async=ssh
  qrsync-openssh    qrsync -e ssh  (OpenSSH client as a child process)
  stock             rsync -e ssh   (the baseline)

All four read the same client config (Host alias, HostName, Port, User,
IdentityFile, UserKnownHostsFile), so they authenticate with the same key
and negotiate with the same sshd. Each scenario is an initial copy into an
empty destination; the median wall time of N runs (default 5) is reported
with the ratio against OpenSSH carrying qrsync (the transport comparison)
and against stock rsync. Peak RSS of the client process is taken from
/usr/bin/time. Every destination is checked with `rsync -anci --delete`.

Standard library only. See docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

from localbench import KIB, MIB, Shape, generate_tree, verify

PAIRINGS = ["builtin-event", "builtin-blocking", "qrsync-openssh", "stock"]
ALIAS = "qrsync-bench"


class Sshd:
    """A throw-away sshd on 127.0.0.1 and the client config that reaches it."""

    def __init__(self, workdir: str):
        self.dir = os.path.join(workdir, "sshd")
        os.makedirs(self.dir, exist_ok=True)
        self.proc = None
        self.port = 0

    def path(self, name: str) -> str:
        return os.path.join(self.dir, name)

    def start(self) -> None:
        for name in ("host_ed25519", "id_ed25519"):
            for f in (self.path(name), self.path(name) + ".pub"):
                if os.path.exists(f):
                    os.remove(f)
            subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "",
                            "-C", "qrsync-bench", "-f", self.path(name)],
                           check=True)
        shutil.copy(self.path("id_ed25519.pub"), self.path("authorized_keys"))
        os.makedirs("/run/sshd", exist_ok=True)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        with open(self.path("sshd_config"), "w") as f:
            f.write(f"ListenAddress 127.0.0.1\nPort {self.port}\n"
                    f"HostKey {self.path('host_ed25519')}\n"
                    f"PidFile {self.path('sshd.pid')}\n"
                    f"AuthorizedKeysFile {self.path('authorized_keys')}\n"
                    "StrictModes no\nUsePAM no\nPermitRootLogin yes\n"
                    "PasswordAuthentication no\n"
                    "KbdInteractiveAuthentication no\nPrintMotd no\n")
        log = open(self.path("sshd.log"), "ab")
        self.proc = subprocess.Popen(
            ["/usr/sbin/sshd", "-D", "-e", "-f", self.path("sshd_config")],
            stdout=log, stderr=log)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        else:
            raise RuntimeError("sshd did not start; see " + self.path("sshd.log"))
        with open(self.path("host_ed25519.pub")) as f:
            kind, key = f.read().split()[:2]
        with open(self.path("known_hosts"), "w") as f:
            f.write(f"[127.0.0.1]:{self.port} {kind} {key}\n")
        with open(self.path("ssh_config"), "w") as f:
            f.write(f"Host {ALIAS}\n  HostName 127.0.0.1\n  Port {self.port}\n"
                    f"  User root\n  IdentityFile {self.path('id_ed25519')}\n"
                    f"  UserKnownHostsFile {self.path('known_hosts')}\n"
                    "  IdentitiesOnly yes\n  BatchMode yes\n")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGTERM)
            self.proc.wait(10)


def client_argv(pairing: str, qrsync: str, rsync: str, config: str) -> list[str]:
    openssh = ["-e", f"ssh -F {config}"]
    if pairing == "builtin-event":
        return [qrsync, "--ssh=builtin", f"--ssh-config={config}"]
    if pairing == "builtin-blocking":
        return [qrsync, "--ssh=builtin", "--no-async=ssh",
                f"--ssh-config={config}"]
    if pairing == "qrsync-openssh":
        return [qrsync] + openssh
    return [rsync] + openssh


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, int, str]:
    """Wall seconds, peak RSS (KiB) of the client, stderr."""
    start = time.monotonic()
    r = subprocess.run(["/usr/bin/time", "-f", "RSS %M"] + argv, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       text=True)
    wall = time.monotonic() - start
    rss = 0
    lines = r.stderr.strip().splitlines()
    if lines and lines[-1].startswith("RSS "):
        rss = int(lines[-1].split()[1])
        lines = lines[:-1]
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} exited {r.returncode}: "
                           + "\n".join(lines))
    return wall, rss, "\n".join(lines)


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--qrsync", required=True, help="qrsync binary")
    p.add_argument("--rsync", default="/usr/bin/rsync")
    p.add_argument("--workdir", help="where the trees go (default: a temp dir)")
    p.add_argument("--quick", action="store_true",
                   help="2,000 files + 4 x 32 MiB instead of the full tree")
    p.add_argument("--scale", type=float, default=1.0)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--seed", type=int, default=20240611)
    p.add_argument("--directions", default="pull,push")
    p.add_argument("--pairings", default=",".join(PAIRINGS))
    p.add_argument("--markdown", help="also write the table here")
    p.add_argument("--keep", action="store_true")
    p.add_argument("--json", help="write raw per-run numbers here")
    p.add_argument("--no-verify", action="store_true")
    # bench/run.sh hands every script the same options; the ones that only
    # mean something to localbench/remotebench are named, not ignored.
    args, unknown = p.parse_known_args(argv)
    if unknown:
        print("sshbench: not used here: " + " ".join(unknown), file=sys.stderr)
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.quick:
        shape = Shape(2000, 20, 1 * KIB, 16 * KIB, 4, 32 * MIB)
    else:
        s = args.scale
        shape = Shape(max(1, round(20000 * s)), max(1, round(200 * s)),
                      1 * KIB, 16 * KIB, 4, max(MIB, round(256 * MIB * s)))
    workdir = args.workdir or tempfile.mkdtemp(prefix="qrsync-sshbench-")
    src = os.path.join(workdir, "src")
    if not os.path.isdir(src):
        generate_tree(src, shape, args.seed)
    sshd = Sshd(workdir)
    env = dict(os.environ, LC_ALL="C")
    for var in ("SSH_AUTH_SOCK", "SSH_ASKPASS", "QRSYNC_ASYNC_SSH"):
        env.pop(var, None)
    pairings = args.pairings.split(",")
    directions = args.directions.split(",")
    times: dict[tuple[str, str], list[float]] = {}
    rss: dict[tuple[str, str], list[int]] = {}
    try:
        sshd.start()
        config = sshd.path("ssh_config")
        for direction in directions:
            for run in range(args.runs):
                # Rotate the order so no pairing always runs first.
                order = pairings[run % len(pairings):] + pairings[:run % len(pairings)]
                for pairing in order:
                    dst = os.path.join(workdir, "dst")
                    shutil.rmtree(dst, ignore_errors=True)
                    if direction == "push":
                        ends = [src + "/", f"{ALIAS}:{dst}/"]
                    else:
                        ends = [f"{ALIAS}:{src}/", dst + "/"]
                    argv = client_argv(pairing, args.qrsync, args.rsync, config)
                    subprocess.run(["sync"])
                    wall, peak, _ = timed(argv + ["-a"] + ends, env)
                    problems = "" if args.no_verify else verify(args.rsync, src, dst)
                    if problems:
                        raise RuntimeError(f"{pairing} {direction}: {problems[:500]}")
                    times.setdefault((direction, pairing), []).append(wall)
                    rss.setdefault((direction, pairing), []).append(peak)
                    print(f"{direction:4} {pairing:16} run {run + 1}: {wall:7.3f} s"
                          f"  {peak / 1024:6.1f} MiB", flush=True)
    finally:
        sshd.stop()
        if not args.keep and not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)

    total_mib = shape.total_bytes_estimate() / MIB
    lines = [f"Tree: {shape.files} files in {shape.dirs} dirs + "
             f"{shape.large_count} x {shape.large_size // MIB} MiB "
             f"(~{total_mib:.0f} MiB), initial copy, medians of {args.runs}.",
             "",
             "| direction | pairing | median s | MiB/s | vs qrsync-openssh | vs stock | client peak RSS MiB |",
             "|---|---|---:|---:|---:|---:|---:|"]
    for direction in directions:
        ref_ssh = statistics.median(times.get((direction, "qrsync-openssh"), [0])) or None
        ref_stock = statistics.median(times.get((direction, "stock"), [0])) or None
        for pairing in pairings:
            t = statistics.median(times[(direction, pairing)])
            m = max(rss[(direction, pairing)]) / 1024
            vs_ssh = f"{t / ref_ssh:.2f}" if ref_ssh else "-"
            vs_stock = f"{t / ref_stock:.2f}" if ref_stock else "-"
            lines.append(f"| {direction} | {pairing} | {t:.3f} | {total_mib / t:.0f} "
                         f"| {vs_ssh} | {vs_stock} | {m:.1f} |")
    table = "\n".join(lines)
    print()
    print(table)
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(table + "\n")
    if args.json:
        with open(args.json, "w") as f:
            json.dump([{"direction": d, "pairing": p, "seconds": times[(d, p)],
                        "rss_kib": rss[(d, p)]} for (d, p) in times], f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
