#!/bin/sh
# Two versions of ranknet.h timed against each other in one process (bench/ab.c): b/a below 1
# means the second is faster. Usage: sh bench/ab.sh OLD.h NEW.h [FILTER] [REPS]
[ $# -ge 2 ] || { echo "usage: sh bench/ab.sh OLD.h NEW.h [FILTER] [REPS]" >&2; exit 2; }
a=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
b=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
cd "$(dirname "$0")/.." || exit 1
mkdir -p build
${CC:-cc} -O2 -c bench/ab_unit.c -DPFX=a_ -DHDR="\"$a\"" -DRANKNET_HEADER_FILE="\"$a\"" -o build/ab_a.o &&
${CC:-cc} -O2 -c bench/ab_unit.c -DPFX=b_ -DHDR="\"$b\"" -DRANKNET_HEADER_FILE="\"$b\"" -o build/ab_b.o &&
${CC:-cc} -O2 bench/ab.c build/ab_a.o build/ab_b.o -o build/ab -lm && ./build/ab "${3:-}" "${4:-9}"
