#!/bin/sh
# Runs the test programs given (in parallel), prints each one's output in order, and
# closes with the total of their "N passed, M failed" lines. Exits non-zero when any
# program fails, crashes, or prints no such line. A program whose last line is "skipped"
# (after a line saying why) counts as skipped, neither passed nor failed.
dir=$(mktemp -d) || exit 1
trap 'rm -rf "$dir"' EXIT
i=0
for prog in "$@"; do
    i=$((i + 1))
    ( $prog >"$dir/$i.out" 2>&1; echo $? >"$dir/$i.rc" ) & # unquoted: a prog may be "qemu-aarch64 file"
done
wait
passed=0 failed=0 skipped=0 i=0
for prog in "$@"; do
    i=$((i + 1))
    echo "== $prog"
    cat "$dir/$i.out"
    rc=$(cat "$dir/$i.rc")
    last=$(tail -n 1 "$dir/$i.out")
    if [ "$last" = skipped ] && [ "$rc" -eq 0 ]; then
        skipped=$((skipped + 1))
        continue
    fi
    p=$(printf '%s\n' "$last" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
    f=$(printf '%s\n' "$last" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
    if [ -z "$p" ]; then
        echo "$prog: no result line (exit $rc)"
        failed=$((failed + 1))
        continue
    fi
    passed=$((passed + p))
    failed=$((failed + f))
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        echo "$prog: exit $rc"
        failed=$((failed + 1))
    fi
done
[ "$skipped" -eq 0 ] || echo "skipped: $skipped program(s), each says why above"
echo "total: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
