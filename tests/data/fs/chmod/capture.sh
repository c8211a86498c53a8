#!/bin/sh
# Records what stock rsync's --chmod does to a prepared tree (run as root,
# so setuid/setgid survive -p). Each output line is
#   <umask> <values> <entry>:<octal mode> ...
# where <values> are the --chmod values joined with '|' (one --chmod option
# each) and an entry's name gives its kind and source mode (f644 is a file
# with mode 0644, d2775 a directory with mode 02775). Rules stock refuses
# give "<umask> <values> invalid <exit code>"; their message goes to
# messages.txt. Usage: ./capture.sh > expectations.txt
set -eu
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/src"
for m in 644 755 600 700 4755 2755 1644 6711 0; do
    : > "$work/src/f$m"
    chmod "$m" "$work/src/f$m"
done
for m in 755 700 2775 1777 0; do
    mkdir "$work/src/d$m"
    chmod "$m" "$work/src/d$m"
done
entries=$(cd "$work/src" && ls | sort)

run() { # umask values...
    mask=$1
    shift
    joined=$(printf '%s|' "$@")
    joined=${joined%|}
    set -- $(for v in "$@"; do printf -- '--chmod=%s\n' "$v"; done)
    rm -rf "$work/dst"
    rc=0
    (umask "$mask" && rsync -rp "$@" "$work/src/" "$work/dst/") \
        >/dev/null 2>"$work/err" || rc=$?
    if [ "$rc" -ne 0 ]; then
        echo "$mask $joined invalid $rc"
        head -n 1 "$work/err" >> "$(dirname "$0")/messages.txt"
        return
    fi
    line="$mask $joined"
    for e in $entries; do
        line="$line $e:$(stat -c %a "$work/dst/$e")"
    done
    echo "$line"
}

: > "$(dirname "$0")/messages.txt"
for rules in u+x g-w o=r a+rwx +x -w =r +X a+X u=rwX,go=rX Dg+s D2775 F644 \
    F600,D700 644 0 7777 u+s a+s +s g+s +t o+t u-s a-s Fu-s -s ug=rw go= a= \
    u=g g=u o+u a-o g-u +u =u uD+x D+X F+X Fa-x,Da+x = + u=rwx,g=rx,o= \
    ug+s,o-rwx D1777 Fo+X a=X u+wX,g-X ug=t o=st; do
    run 022 "$rules"
done
for rules in +x =rw -r +X =u +u -u D=rwX,F=rw =s; do
    run 027 "$rules"
done
run 022 u+x g+w
run 022 F600 Fu+x D+t
# Rules stock refuses.
for rules in u+rw-x x u '' u+x, DF+x FD+x 8 u644 17777 +ug +ur u+q D \
    ,u+x 64a; do
    run 022 "$rules"
done
