#!/bin/sh
# What the implementation costs to build: gcc -O2 wall time (best of 3) and the code it adds
# (text bytes of its object), with each instruction-set option. Usage: sh bench/build_size.sh [CC]
cc=${1:-cc}
dir=$(mktemp -d) || exit 1
trap 'rm -rf "$dir"' EXIT
printf '%-22s %10s %12s\n' "build" "seconds" "code bytes"
for opt in "" -DRANKNET_NO_AVX512 -DRANKNET_NO_AVX2 -DRANKNET_NO_SIMD; do
    printf '#define RANKNET_IMPLEMENTATION\n#include "ranknet.h"\n' > "$dir/impl.c"
    best=
    for rep in 1 2 3; do
        t0=$(date +%s.%N)
        $cc -O2 -I. $opt -c "$dir/impl.c" -o "$dir/impl.o" || exit 1
        t=$(awk "BEGIN { print $(date +%s.%N) - $t0 }")
        best=$(awk "BEGIN { b = \"$best\"; print (b == \"\" || $t < b + 0) ? $t : b }")
    done
    printf '%-22s %10.2f %12s\n' "${opt:--O2}" "$best" "$(size "$dir/impl.o" | awk 'NR == 2 {print $1}')"
done
