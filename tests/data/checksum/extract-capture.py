#!/usr/bin/env python3
"""Turns an rsh-tap.py capture of a push with --checksum-choice into the
expected-values text the checksum tests read (see README.md).

    extract-capture.py CAPTURE_DIR DIGEST_LEN > expected.txt

server-to-client: version int32, compat-flags varint, seed int32 (no
checksum list: --checksum-choice skips the exchange), then MSG_DATA frames
carrying the generator's sum head and block sums. client-to-server: version
int32, then frames carrying the sender's echo of the head, the token stream
and the whole-file digest.
"""
import struct
import sys


def varint_len(first):
    n = 0
    while first & (0x80 >> n):
        n += 1
    return 1 + n


def demux(data):
    out = bytearray()
    pos = 0
    while pos + 4 <= len(data):
        hdr, = struct.unpack_from('<I', data, pos)
        tag, n = hdr >> 24, hdr & 0xFFFFFF
        pos += 4
        if tag == 7:  # MUX_BASE + MSG_DATA
            out += data[pos:pos + n]
        pos += n
    return bytes(out)


def main():
    cap, dlen = sys.argv[1], int(sys.argv[2])
    s2c = open(cap + '/server-to-client.bin', 'rb').read()
    c2s = open(cap + '/client-to-server.bin', 'rb').read()
    pos = 4
    pos += varint_len(s2c[pos])
    seed, = struct.unpack_from('<i', s2c, pos)
    gen = demux(s2c[pos + 4:])
    snd = demux(c2s[4:])
    # The only regular file is ndx 2 here; find its head by its known shape.
    for i in range(len(gen) - 16):
        count, blen, s2len, rem = struct.unpack_from('<iiii', gen, i)
        if count > 0 and blen == 700 and 0 < s2len <= 16 and rem == 600:
            break
    else:
        sys.exit('no sum head')
    print(f'seed {seed}')
    print(f'head {count} {blen} {s2len} {rem}')
    p = i + 16
    for k in range(count):
        sum1, = struct.unpack_from('<I', gen, p)
        print(f'sum {k} {sum1:08x} {gen[p + 4:p + 4 + s2len].hex()}')
        p += 4 + s2len
    q = snd.find(gen[i:i + 16])
    if q < 0:
        sys.exit('no echoed head')
    q += 16
    while True:
        n, = struct.unpack_from('<i', snd, q)
        q += 4
        print(f'token {n}')
        if n == 0:
            break
        if n > 0:
            q += n
    print(f'filesum {snd[q:q + dlen].hex()}')


if __name__ == '__main__':
    main()
