#!/bin/sh
# A loopback remote shell for tests (protocol testing.md §2): skips ssh-style
# options and the host, then runs the remote command through sh like sshd.
while [ $# -gt 0 ]; do
    case "$1" in
        -l|-p|-o|-i) shift 2 ;;
        -*) shift ;;
        *) break ;;
    esac
done
shift
exec sh -c "$*"
