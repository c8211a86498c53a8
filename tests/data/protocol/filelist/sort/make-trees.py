#!/usr/bin/env python3
"""Builds random trees and records the order stock rsync lists them in.

    python3 make-trees.py            # writes tree-<seed>.txt here

For each seed, a tree of files, symlinks and directories with names drawn
from an alphabet full of sort traps ('.', '-', '/'-adjacent bytes, case,
prefixes of each other) is created under /tmp/flist-sort-<seed>, and
`rsync -ain --no-i-r src/ empty/` is run on it; its itemized lines, in
order, go to tree-<seed>.txt. The generator walks the sorted file list, so
that order is stock's f_name_cmp order.
"""
import os
import random
import shutil
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
ALPHABET = ["a", "b", "A", "Z", "0", "9", ".", "-", "_", "~", "+", "a.b", "a-b",
            "ab", "a0", ".x", "x.", "aa", "a.", "0.0", "z"]


def name(rng):
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 3))).strip(".") or "q"


def build(root, rng, depth):
    for _ in range(rng.randint(4, 8)):
        n = name(rng)
        p = os.path.join(root, n)
        if os.path.lexists(p):
            continue
        kind = rng.random()
        if kind < 0.35 and depth < 3:
            os.mkdir(p)
            build(p, rng, depth + 1)
        elif kind < 0.45:
            os.symlink("target", p)
        else:
            with open(p, "w") as f:
                f.write(n)


def main():
    for seed in (1, 2, 3, 4, 5):
        base = "/tmp/flist-sort-%d" % seed
        shutil.rmtree(base, ignore_errors=True)
        os.makedirs(base + "/src")
        os.makedirs(base + "/empty")
        build(base + "/src", random.Random(seed), 0)
        out = subprocess.run(["rsync", "-ain", "--no-i-r", "src/", "empty/"], cwd=base,
                             check=True, capture_output=True).stdout
        with open(os.path.join(HERE, "tree-%d.txt" % seed), "wb") as f:
            f.write(out)


if __name__ == "__main__":
    main()
