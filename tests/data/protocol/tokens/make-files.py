#!/usr/bin/env python3
"""Writes basis.txt and new.txt, the file pair behind the token captures.

new.txt = basis[0:150K] + 40 KiB of new text + basis[150K:200K] with a few
bytes changed at 180K + basis[0:8K] (repeated blocks) + basis[200K:240K].
Deterministic (fixed seed), so the files can be regenerated.
"""
import random

rng = random.Random(20240601)
WORDS = ("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu "
         "nu xi omicron pi rho sigma tau upsilon phi chi psi omega rsync "
         "block token literal deflate history window stream").split()


def text(n):
    out = []
    size = 0
    while size < n:
        line = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 14)))
        line += " %d\n" % rng.randint(0, 99999)
        out.append(line)
        size += len(line)
    return "".join(out).encode()[:n]


K = 1024
basis = text(240 * K)
middle = bytearray(basis[150 * K:200 * K])
middle[30 * K:30 * K + 6] = b"CHANGE"
new = basis[:150 * K] + text(40 * K) + bytes(middle) + basis[:8 * K] + basis[200 * K:]
open("basis.txt", "wb").write(basis)
open("new.txt", "wb").write(new)
