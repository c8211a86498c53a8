#!/usr/bin/env python3
"""Records the remote-shell argv that stock rsync builds for a set of option
combinations (server_options() + do_cmd() in rsync 3.5.0).

Each case runs `rsync OPTIONS SRC DEST` with a fake --rsh that writes its
arguments to a file and exits 1, so nothing is transferred. The output,
server-argv.txt, holds one block per case:

    [tag]
    role=push|pull          push: we send, the server receives (no --sender)
    client=ARG              one line per client option (the paths are added
                            by the test: push "src/" "h:/dst/", pull
                            "h:/src/" "dst/", list "h:/src/")
    argv=ARG                one line per word after the host, starting with
                            the rsync path ("rsync"), exactly as stock escaped it

Usage: capture-server-argv.py OUTPUT   (run from any directory)
"""
import os
import subprocess
import sys
import tempfile

CASES = [
    ("archive-push", "push", ["-a"]),
    ("archive-verbose-pull", "pull", ["-av"]),
    ("compress-delete-push", "push", ["-avz", "--delete"]),
    ("hardlinks-numeric-push", "push", ["-aH", "--numeric-ids"]),
    ("itemize-push", "push", ["-ai"]),
    ("itemize-pull", "pull", ["-ai"]),
    ("choices-push", "push", ["-a", "--zc=zstd", "--cc=xxh3"]),
    ("secluded-push", "push", ["-a", "-s"]),
    ("protocol29-push", "push", ["-a", "--protocol=29"]),
    ("delete-before-push", "push", ["-r", "--delete-before"]),
    ("delete-delay-excluded-push", "push", ["-r", "--delete-delay", "--delete-excluded"]),
    ("delete-after-pull", "pull", ["-r", "--delete-after"]),
    ("dirs-delete-push", "push", ["-d", "--delete"]),
    ("list-only-pull", "list", ["--list-only"]),
    ("backup-dir-suffix-push", "push", ["-a", "--backup-dir=/bk", "--suffix=.old"]),
    ("backup-suffix-push", "push", ["-rb", "--suffix=.bak"]),
    ("partial-dir-push", "push", ["-a", "--partial-dir=.part"]),
    ("progress-partial-push", "push", ["-aP"]),
    ("progress-partial-pull", "pull", ["-aP"]),
    ("inplace-push", "push", ["-a", "--inplace"]),
    ("inplace-sparse-push", "push", ["-rS", "--inplace"]),
    ("sizes-push", "push", ["-r", "--max-size=1.5M", "--min-size=10k"]),
    ("sizes-pull", "pull", ["-r", "--max-size=1.5M", "--min-size=10k"]),
    ("modify-window-push", "push", ["-a", "--modify-window=2"]),
    ("modify-window-negative-push", "push", ["-a", "-@-1"]),
    ("link-dest-push", "push", ["-a", "--link-dest=/a", "--link-dest=/b"]),
    ("copy-dest-pull", "pull", ["-a", "--copy-dest=/c"]),
    ("existing-update-push", "push", ["-r", "--existing", "--ignore-existing", "-u"]),
    ("compare-flags-push", "push", ["-rcIWx"]),
    ("one-fs-twice-pull", "pull", ["-rxx", "-S"]),
    ("copy-links-pull", "pull", ["-rLk"]),
    ("copy-links-push", "push", ["-rLk"]),
    ("tuning-push", "push", ["-a", "-B2048", "--timeout=30", "--bwlimit=1M",
                             "--checksum-seed=7", "-z", "--compress-level=3"]),
    ("remove-source-pull", "pull", ["-a", "--remove-source-files"]),
    ("stats-push", "push", ["-a", "--stats"]),
    ("stats-pull", "pull", ["-a", "--stats"]),
    ("info-stats2-pull", "pull", ["-a", "--info=stats2"]),
    ("info-progress2-push", "push", ["-a", "--info=progress2"]),
    ("very-verbose-dry-run-push", "push", ["-vvvn", "-r"]),
    ("quiet-pull", "pull", ["-rq"]),
    ("chmod-filters-push", "push", ["-a", "--chmod=Du+w,Fgo-w", "--exclude=*.o",
                                    "--include=x", "-F"]),
    ("no-devices-specials-push", "push", ["-a", "--no-devices"]),
    ("no-specials-push", "push", ["-a", "--no-specials"]),
    ("size-only-push", "push", ["-a", "--size-only"]),
    ("new-compress-push", "push", ["-azz"]),
    ("escaped-backup-dir-push", "push", ["-a", "--backup-dir=/b k$x", "--suffix=*"]),
    ("relative-no-implied-push", "push", ["-R", "--no-implied-dirs", "-r"]),
    ("out-format-push", "push", ["-r", "--out-format=%n"]),
    ("out-format-o-pull", "pull", ["-r", "--out-format=%o %n"]),
    ("rsh-rsync-path-push", "push", ["-a", "--rsync-path=/opt/rsync"]),
    ("whole-file-off-push", "push", ["-a", "--no-W"]),
]

FAKE_RSH = """#!/bin/sh
shift
for a in "$@"; do printf 'argv=%s\\n' "$a"; done > "$ARGV_OUT"
exit 1
"""


def main():
    out_path = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        rsh = os.path.join(tmp, "fake-rsh")
        with open(rsh, "w") as f:
            f.write(FAKE_RSH)
        os.chmod(rsh, 0o755)
        os.mkdir(os.path.join(tmp, "src"))
        os.mkdir(os.path.join(tmp, "dst"))
        blocks = []
        for tag, role, opts in CASES:
            argv_out = os.path.join(tmp, "argv")
            if os.path.exists(argv_out):
                os.unlink(argv_out)
            paths = {"push": ["src/", "h:/dst/"], "pull": ["h:/src/", "dst/"],
                     "list": ["h:/src/"]}[role]
            cmd = ["/usr/bin/rsync", "--rsh=" + rsh] + opts + paths
            env = dict(os.environ, ARGV_OUT=argv_out)
            for var in ("RSYNC_PROTECT_ARGS", "RSYNC_OLD_ARGS", "RSYNC_PARTIAL_DIR",
                        "RSYNC_RSH", "RSYNC_ICONV"):
                env.pop(var, None)
            subprocess.run(cmd, cwd=tmp, env=env, stdin=subprocess.DEVNULL,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           timeout=20)
            with open(argv_out) as f:
                argv = f.read()
            lines = ["[%s]" % tag, "role=%s" % role]
            lines += ["client=%s" % o for o in opts]
            blocks.append("\n".join(lines) + "\n" + argv)
        with open(out_path, "w") as f:
            f.write("# Generated by capture-server-argv.py from %s; do not edit.\n"
                    % subprocess.run(["/usr/bin/rsync", "--version"], capture_output=True,
                                     text=True).stdout.splitlines()[0].strip())
            f.write("\n".join(blocks))


if __name__ == "__main__":
    main()
