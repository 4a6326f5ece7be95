#!/bin/sh
# The CMake package from a consumer's side: find_package after `cmake --install`,
# add_subdirectory, FetchContent, and the installed pkg-config file. Run by
# `make test-cmake`; ends with "N passed, M failed".
top=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$top/build/cmake-test}
rm -rf "$work" && mkdir -p "$work"
passed=0 failed=0
run() { # run NAME COMMAND...: the command must succeed and print "1 passed, 0 failed"
    name=$1
    shift
    if "$@" >"$work/$name.log" 2>&1 && grep -q "^1 passed, 0 failed" "$work/$name.log"; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL $name:"
        tail -n 20 "$work/$name.log"
    fi
}
consume() { # consume VIA EXTRA_ARGS...: configure, build and run the consumer
    via=$1
    shift
    cmake -S "$top/tests/cmake" -B "$work/$via" -DRANKNET_VIA="$via" "$@" >/dev/null &&
        cmake --build "$work/$via" >/dev/null && "$work/$via/consumer"
}
cmake -S "$top" -B "$work/lib" >/dev/null && cmake --install "$work/lib" --prefix "$work/prefix" >/dev/null ||
    { echo "cmake --install failed"; failed=$((failed + 1)); }
run find_package consume find_package -DCMAKE_PREFIX_PATH="$work/prefix"
run add_subdirectory consume add_subdirectory -DRANKNET_SOURCE_DIR="$top"
run FetchContent consume FetchContent -DRANKNET_SOURCE_DIR="$top"
if command -v pkg-config >/dev/null 2>&1; then
    run pkg-config sh -c "cc \$(PKG_CONFIG_PATH='$work/prefix/share/pkgconfig' pkg-config --cflags ranknet) \
        '$top/tests/cmake/main.c' -o '$work/pc_consumer' \$(PKG_CONFIG_PATH='$work/prefix/share/pkgconfig' pkg-config --libs ranknet) \
        && '$work/pc_consumer'"
else
    echo "test-cmake: pkg-config not found, the pkg-config check is skipped"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
