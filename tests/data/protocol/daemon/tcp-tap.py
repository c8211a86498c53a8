#!/usr/bin/env python3
"""One-connection TCP tap: listens on 127.0.0.1:LISTEN, forwards to
127.0.0.1:TARGET and records both directions raw into OUTDIR
(client-to-server.bin, server-to-client.bin). Exits when the connection
closes. Used by make-captures.sh to record stock rsync client <-> daemon."""
import os, select, socket, sys

listen_port, target_port, outdir = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
os.makedirs(outdir, exist_ok=True)
srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", listen_port))
srv.listen(1)
print("ready", flush=True)
cli, _ = srv.accept()
up = socket.create_connection(("127.0.0.1", target_port))
logs = {cli: open(os.path.join(outdir, "client-to-server.bin"), "wb"),
        up: open(os.path.join(outdir, "server-to-client.bin"), "wb")}
peer = {cli: up, up: cli}
open_socks = [cli, up]
while open_socks:
    r, _, _ = select.select(open_socks, [], [])
    for s in r:
        data = s.recv(65536)
        if not data:
            open_socks.remove(s)
            try:
                peer[s].shutdown(socket.SHUT_WR)
            except OSError:
                pass
            continue
        logs[s].write(data)
        peer[s].sendall(data)
for f in logs.values():
    f.close()
