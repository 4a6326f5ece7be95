#!/bin/sh
# The C sources follow .clang-format (clang-format 14, Debian bookworm's; other versions
# lay some lines out differently, so they skip). Generated files (tests/*_vectors.h) are not
# checked. Fix a failure with: clang-format -i FILE
cd "$(dirname "$0")/.." || exit 1
cf=$(command -v clang-format-14 || command -v clang-format) || { echo "check_format: skipped, no clang-format (apt-get install clang-format)"; echo skipped; exit 0; }
case "$($cf --version)" in
*" 14."*) ;;
*) echo "check_format: skipped, $($cf --version) is not clang-format 14"; echo skipped; exit 0 ;;
esac
passed=0 failed=0
for f in ranknet.h tests/*.c tests/testlib.h tests/unstable_qsort.h tests/suite/*.c examples/*.c examples/*.h \
         bench/*.c fuzz/*.c fuzz/*.h python/ranknet/*.c; do
    if $cf --dry-run -Werror "$f" >/dev/null 2>&1; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "  FAIL $f: not as .clang-format lays it out"; fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
