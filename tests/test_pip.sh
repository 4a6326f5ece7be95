#!/bin/sh
# `pip install .` into a fresh virtual environment (it sees Debian's numpy and torch), then
# `import ranknet` from another directory: the package must carry its own shared library.
# Then `pip wheel .`, the wheel installed into a second fresh environment, imported the same
# way. Skips with a message where venv or pip cannot work. Ends with "N passed, M failed".
root=$(cd "$(dirname "$0")/.." && pwd)
dir=$(mktemp -d) || exit 1
trap 'rm -rf "$dir"' EXIT
if ! /usr/bin/python3 -m venv --system-site-packages "$dir/venv" >/dev/null 2>&1; then
    echo "test-pip: skipped, no venv (apt-get install python3-venv)"
    exit 0
fi
# build isolation fetches setuptools from PyPI; offline, the venv's own setuptools builds it
if ! "$dir/venv/bin/pip" install -q --disable-pip-version-check "$root" >"$dir/log" 2>&1 &&
    ! "$dir/venv/bin/pip" install -q --disable-pip-version-check --no-build-isolation "$root" >"$dir/log" 2>&1; then
    cat "$dir/log"
    echo "0 passed, 1 failed"
    exit 1
fi
rm -rf "$root/python/ranknet.egg-info" "$root/build/lib."* "$root/build/temp."* 2>/dev/null
# the wheel, into a second environment
mkdir -p "$dir/wheels"
if ! "$dir/venv/bin/pip" wheel -q --disable-pip-version-check --no-deps -w "$dir/wheels" "$root" >"$dir/log" 2>&1 &&
    ! "$dir/venv/bin/pip" wheel -q --disable-pip-version-check --no-deps --no-build-isolation -w "$dir/wheels" "$root" >"$dir/log" 2>&1; then
    cat "$dir/log"
    echo "0 passed, 1 failed"
    exit 1
fi
rm -rf "$root/python/ranknet.egg-info" "$root/build/lib."* "$root/build/temp."* "$root/build/bdist."* 2>/dev/null
/usr/bin/python3 -m venv --system-site-packages "$dir/venv2" >/dev/null 2>&1 &&
    "$dir/venv2/bin/pip" install -q --disable-pip-version-check --no-deps "$dir"/wheels/ranknet-*.whl >"$dir/log" 2>&1 ||
    { cat "$dir/log"; echo "0 passed, 1 failed"; exit 1; }
for py in "$dir/venv/bin/python" "$dir/venv2/bin/python"; do
cd "$dir" && RANKNET_LIB= "$py" - "$root" <<'PY'
import os, sys
import numpy as np
import ranknet
root = sys.argv[1]
checks = [
    ("imported from the venv, not the checkout", not os.path.abspath(ranknet.__file__).startswith(root)),
    ("its own library", ranknet._lib._name.startswith(os.path.dirname(ranknet.__file__))),
    ("the version is ranknet.h's", ranknet.__version__ == __import__("re").search(
        r'#define RANKNET_VERSION_STRING "(.*)"', open(os.path.join(root, "ranknet.h")).read()).group(1)),
    ("py.typed", os.path.exists(os.path.join(os.path.dirname(ranknet.__file__), "py.typed"))),
    ("the engines' factories", callable(ranknet.xgboost.objective(preset=True)) and callable(ranknet.lightgbm.metric("err@10"))),
    ("lambdas", np.allclose(ranknet.ranknet_grad(np.array([0.5, 1.5]), np.array([1.0, 0.0])),
                            [-0.7310585786300049, 0.7310585786300049])),
]
for name, ok in checks:
    if not ok:
        print("FAIL", name)
failed = sum(not ok for _, ok in checks)
print(f"{len(checks) - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
done > "$dir/results" 2>&1
cat "$dir/results"
p=0 f=0
for line in $(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1:\2/p' "$dir/results"); do
    p=$((p + ${line%%:*})) f=$((f + ${line##*:}))
done
[ "$(grep -c ' passed, ' "$dir/results")" -eq 2 ] || f=$((f + 1)) # both environments reported
echo "$p passed, $f failed"
[ "$f" -eq 0 ]
