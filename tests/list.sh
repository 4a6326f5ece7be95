#!/bin/sh
# The table of the suite's tests: the TEST(name) lines of the area files that the driver
# (tests/test_ranknet.c) includes, in its order. Each test is named once, where it is
# defined; make writes this to build/suite_list.h.
dir=$(dirname "$1")
for f in $(sed -n 's/^#include "\(suite\/[a-z_]*\.c\)"$/\1/p' "$1"); do
    sed -n 's/^TEST(\([A-Za-z0-9_]*\))$/TL_TEST(\1)/p' "$dir/$f"
done
