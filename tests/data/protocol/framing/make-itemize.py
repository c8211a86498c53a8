#!/usr/bin/env python3
"""Records stock rsync's %i lines for the itemize tests (tst_itemize).

For each scenario it prepares a source and a destination tree, pushes with
`rsync -i` through tests/tools/rsh-tap.py, and keeps the server-to-client
capture: in a push the server's generator sends one item header per line the
client prints, in the same order, so the test can decode the iflags from the
capture and compare itemizeString() with stock's line. It writes
itemize/<scenario>/server-to-client.bin and itemize.tsv with the columns
scenario, rsync options, kind of the source file, the %i field, the name.
Run as root (owner/group and device rows) with stock rsync 3.5.0 as `rsync`.
"""
import os
import shutil
import stat
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TAP = os.path.normpath(os.path.join(HERE, "..", "..", "..", "tools", "rsh-tap.py"))
WORK = os.environ.get("WORK", "/tmp/framing-itemize")
T0 = 1704164645  # 2024-01-02 03:04:05 UTC
T1 = 1577836800  # 2020-01-01


def write(path, data, mtime=T0, mode=0o644):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)
    os.chmod(path, mode)
    os.utime(path, (mtime, mtime))


def symlink(target, path, mtime=T0):
    os.symlink(target, path)
    os.utime(path, (mtime, mtime), follow_symlinks=False)


def base(root):
    write(os.path.join(root, "a.txt"), b"hello itemize\n")
    write(os.path.join(root, "sub", "b.txt"), b"bee\n")
    symlink("a.txt", os.path.join(root, "link"))
    os.utime(os.path.join(root, "sub"), (T0, T0))


def scenarios():
    # name, options, prepare(src, dst)
    def new_tree(s, d):
        base(s)

    def changed(s, d):
        base(s); base(d)
        write(os.path.join(d, "a.txt"), b"HELLO itemize\n", mtime=T1)

    def grown(s, d):
        base(s); base(d)
        write(os.path.join(d, "a.txt"), b"short\n", mtime=T1)

    def perms(s, d):
        base(s); base(d)
        os.chmod(os.path.join(d, "a.txt"), 0o600)

    def times(s, d):
        base(s); base(d)
        os.utime(os.path.join(d, "a.txt"), (T1, T1))
        os.utime(os.path.join(d, "sub"), (T1, T1))

    def owner(s, d):
        base(s); base(d)
        os.chown(os.path.join(d, "a.txt"), 1, 1)
        os.chown(os.path.join(d, "sub", "b.txt"), 0, 1)

    def relink(s, d):
        base(s); base(d)
        os.unlink(os.path.join(d, "link"))
        symlink("sub/b.txt", os.path.join(d, "link"))

    def link_time(s, d):
        base(s); base(d)
        os.utime(os.path.join(d, "link"), (T1, T1), follow_symlinks=False)

    def hardlinks(s, d):
        base(s)
        os.link(os.path.join(s, "a.txt"), os.path.join(s, "hard"))

    def deleting(s, d):
        base(s); base(d)
        write(os.path.join(d, "gone.txt"), b"x\n")
        os.makedirs(os.path.join(d, "olddir"))

    def devices(s, d):
        base(s)
        os.mkfifo(os.path.join(s, "fifo"))
        os.mknod(os.path.join(s, "null"), stat.S_IFCHR | 0o644, os.makedev(1, 3))

    def notimes(s, d):
        base(s); base(d)
        write(os.path.join(d, "a.txt"), b"HELLO itemize\n", mtime=T1)

    def unchanged(s, d):
        base(s); base(d)

    return [
        ("new-tree", ["-a"], new_tree),
        ("changed-content", ["-a"], changed),
        ("changed-size", ["-a"], grown),
        ("perms-only", ["-a"], perms),
        ("times-only", ["-a"], times),
        ("owner-group", ["-a"], owner),
        ("symlink-target", ["-a"], relink),
        ("symlink-time", ["-a"], link_time),
        ("hard-link", ["-aH"], hardlinks),
        ("delete", ["-a", "--delete"], deleting),
        ("devices", ["-a"], devices),
        ("no-times", ["-rlp"], notimes),
        ("unchanged-ii", ["-a", "-i"], unchanged),
    ]


def kind_of(path):
    m = os.lstat(path).st_mode
    if stat.S_ISDIR(m):
        return "dir"
    if stat.S_ISLNK(m):
        return "symlink"
    if stat.S_ISCHR(m) or stat.S_ISBLK(m):
        return "device"
    if stat.S_ISFIFO(m) or stat.S_ISSOCK(m):
        return "special"
    return "file"


def main():
    shutil.rmtree(WORK, ignore_errors=True)
    rows = []
    for name, opts, prepare in scenarios():
        src = os.path.join(WORK, name, "src")
        dst = os.path.join(WORK, name, "dst")
        os.makedirs(src)
        os.makedirs(dst)
        prepare(src, dst)
        os.utime(src, (T0, T0))
        os.utime(dst, (T0, T0))
        capdir = os.path.join(HERE, "itemize", name)
        shutil.rmtree(capdir, ignore_errors=True)
        cmd = ["rsync", "-i", "--checksum-seed=1", "--rsh=%s %s" % (TAP, capdir)] + opts + [
            src + "/", "localhost:" + dst + "/"]
        out = subprocess.run(cmd, check=True, capture_output=True).stdout.decode()
        os.remove(os.path.join(capdir, "client-to-server.bin"))
        for line in out.splitlines():
            item, fname = line[:11], line[12:]
            fname = fname.split(" -> ")[0].split(" => ")[0]
            path = os.path.join(src, fname.rstrip("/")) if fname != "./" else src
            kind = kind_of(path) if os.path.lexists(path) else (
                "dir" if fname.endswith("/") else "file")
            rows.append("\t".join([name, " ".join(opts), kind, item, line[12:]]))
    with open(os.path.join(HERE, "itemize.tsv"), "w") as f:
        f.write("# scenario\toptions\tkind\t%i\tname (from make-itemize.py)\n")
        f.write("\n".join(rows) + "\n")


if __name__ == "__main__":
    sys.exit(main())
