#!/usr/bin/env python3
"""A remote shell for rsync's --rsh that records the bytes on the wire.

    rsync -a --rsh="tests/tools/rsh-tap.py DIR" src/ localhost:/dst/

Like sshd, it drops ssh-style options and the host, runs the remote command
through `sh -c`, relays stdin/stdout, and appends each direction to
DIR/client-to-server.bin and DIR/server-to-client.bin. Loopback only: the
"host" is ignored and the command runs locally.
"""
import os
import subprocess
import sys
import threading


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit("usage: rsh-tap.py DIR [ssh options] HOST COMMAND...")
    outdir = args.pop(0)
    os.makedirs(outdir, exist_ok=True)
    while args and args[0].startswith("-"):
        opt = args.pop(0)
        if opt in ("-l", "-p", "-o", "-i") and args:
            args.pop(0)
    if len(args) < 2:
        sys.exit("rsh-tap.py: missing host or command")
    command = " ".join(args[1:])
    child = subprocess.Popen(["sh", "-c", command], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, bufsize=0)

    def pump(src, dst, log_path, close_dst):
        with open(log_path, "ab") as log:
            while True:
                data = os.read(src, 65536)
                if not data:
                    break
                log.write(data)
                log.flush()
                os.write(dst, data)
        if close_dst:
            close_dst()

    up = threading.Thread(target=pump, daemon=True, args=(
        sys.stdin.fileno(), child.stdin.fileno(),
        os.path.join(outdir, "client-to-server.bin"), child.stdin.close))
    up.start()
    pump(child.stdout.fileno(), sys.stdout.fileno(),
         os.path.join(outdir, "server-to-client.bin"), None)
    sys.exit(child.wait())


if __name__ == "__main__":
    main()
