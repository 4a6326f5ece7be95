#!/bin/sh
# Runs each test program given, prints its output, and closes with the total of their
# "N passed, M failed" lines. Exits non-zero when any program fails or prints no count.
passed=0 failed=0 bad=0
for prog in "$@"; do
    echo "== $prog"
    out=$("$prog" 2>&1)
    rc=$?
    printf '%s\n' "$out"
    last=$(printf '%s\n' "$out" | tail -n 1)
    p=$(printf '%s\n' "$last" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
    f=$(printf '%s\n' "$last" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
    if [ -z "$p" ]; then
        echo "$prog: no result line (exit $rc)"
        bad=$((bad + 1))
        continue
    fi
    passed=$((passed + p))
    failed=$((failed + f))
    [ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && bad=$((bad + 1))
done
failed=$((failed + bad))
echo "total: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
