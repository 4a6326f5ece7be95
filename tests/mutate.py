#!/usr/bin/env python3
"""make mutate: the project's own mutation testing.

Each mutant below is one plausible bug planted in ranknet.h (numerics, every SIMD path,
dispatch, ties, sigma, LambdaRank, the weightings, batches, threads, error handling,
position bias). For each, in a private copy of the tree, the suite runs until something
fails: the test suite with OpenMP (2 threads), the scalar-only build, the allocation and
thread tests, then the fuzz corpus replayed against the scalar build and the independent
reference (fuzz/plain_ref.c). A mutant is killed when any of them fails (or runs past the
time limit), survives otherwise. A mutant argued equivalent (no input can tell it from the
original) carries the argument; should it be killed after all, it counts as killed.

    python3 tests/mutate.py [--jobs J] [--only NAME,...] [--list]

Last line: `mutate: K killed, S survived, E equivalent`, survivors named; exit 1 if any
mutant survives without an argument, or a mutant's text is no longer in ranknet.h.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# (name, area, original text, mutated text[, why it is equivalent])
MUTANTS = [
    # --- numerics of one pair
    ("log1p-loss", "numerics", "return (c > 0 ? c * a : 0.0) + log1p(e);", "return (c > 0 ? c * a : 0.0) + log(1.0 + e);"),
    ("lambda-cancels", "numerics", "*g = t <= 0.5 ? p - t : (1.0 - t) - q;", "*g = p - t;"),
    ("hess-cancels", "numerics", "*h = p * q;", "*h = p * (1.0 - p);"),
    ("hess-wrong-side", "numerics", "*h = p * q;", "*h = d >= 0 ? q : p;"),
    ("target-tie", "ties", "return yi > yj ? 1.0 : yi < yj ? 0.0 : 0.5;", "return yi > yj ? 1.0 : yi < yj ? 0.0 : 1.0;"),
    ("scaled-diff-overflow", "sigma", "if (diff - diff == 0) return sigma * diff;", "return sigma * diff;"),
    ("sigma-default", "sigma", "c->sigma = o.sigma == 0 ? 1.0 : o.sigma;", "c->sigma = o.sigma == 0 ? 0.5 : o.sigma;"),
    ("pairs-block-sum", "numerics", "if ((k + 1) % RANKNET__BLOCK == 0) {", "if (0) {"),
    # --- the SIMD kernel template (every vector path: SSE2, AVX2, AVX-512, both precisions)
    ("simd-exp-degree", "simd", "for (d = deg - 2; d >= 0; --d) p = p * f + (RANKNET__T)c[d];",
     "for (d = deg - 2; d >= 1; --d) p = p * f + (RANKNET__T)c[d];"),
    ("simd-log1p-series", "simd", "for (t = top - 4; t >= 1; t -= 2) s = s * z2 + (RANKNET__T)(1.0 / t);",
     "for (t = top - 4; t >= 3; t -= 2) s = s * z2 + (RANKNET__T)(1.0 / t);"),
    ("simd-tie-half", "simd", "*g -= (P##_v)(*tie & (P##_i)half);", "*g += (P##_v)(*tie & (P##_i)half);"),
    ("simd-skip-ties", "simd", "if (skip) mask[r] &= ~tie[r];", "if (skip) mask[r] &= tie[r];"),
    ("simd-column-hess", "simd", "cur += ch;", "cur -= ch;"),
    ("simd-column-grad", "simd", "cur -= cg;", "cur += cg;"),
    ("simd-weight-abs", "simd", "wt[r] = (RANKNET__V)((RANKNET__M)dg & ~sign) * (RANKNET__V)((RANKNET__M)dd & ~sign);",
     "wt[r] = (RANKNET__V)((RANKNET__M)dg & ~sign) * dd;",
     "a column is never ranked above its row (dd >= 0), and the lanes where it would be are masked "
     "to 0 before anything is summed"),
    ("simd-gain-abs", "simd", "wt[r] = (RANKNET__V)((RANKNET__M)dg & ~sign) * (RANKNET__V)((RANKNET__M)dd & ~sign);",
     "wt[r] = dg * (RANKNET__V)((RANKNET__M)dd & ~sign);"),
    ("simd-abs-sum", "simd", "if (weighted) w->a += ca;", "if (weighted) w->a += cg;"),
    ("simd-loss-tie", "simd", "l += (RANKNET__V)((wrong & (RANKNET__M)ax) | (tie[r] & (RANKNET__M)(half * ax)));",
     "l += (RANKNET__V)((wrong & (RANKNET__M)ax) | (tie[r] & (RANKNET__M)ax));"),
    ("simd-hsum", "simd", "quarter[0] += quarter[1];", "quarter[0] += quarter[0];"),
    # --- dispatch
    ("auto-not-widest", "dispatch", "if (ranknet_simd_supported(RANKNET_SIMD_AVX512)) return RANKNET_SIMD_AVX512;", ""),
    ("scalar-asked-runs-vector", "dispatch", "kernel = ranknet__kernel_for(c->simd_safe ? c->path : RANKNET_SIMD_SCALAR, s.f32,",
     "kernel = ranknet__kernel_for(c->simd_safe ? ranknet_simd_best() : RANKNET_SIMD_SCALAR, s.f32,"),
    ("narrow-row", "dispatch", "size_t row = path == RANKNET_SIMD_AVX512 && n < RANKNET__WIDE_MIN ? (size_t)RANKNET__NARROW_ROW : (size_t)path;",
     "size_t row = (size_t)path;"),
    ("simd-safe-range", "dispatch", "c.simd_safe = s.f32 ? span <= 1e37", "c.simd_safe = s.f32 ? span <= 1e39"),
    # --- ranking, ties, top k
    ("tie-order", "ties", "return a->key > b->key || (a->key == b->key && a->idx < b->idx);",
     "return a->key > b->key || (a->key == b->key && a->idx > b->idx);"),
    ("topk-heap-fallback", "ties", "if (k > 0) ranknet__insertion_sort(a, n);", "(void)0;"),
    # --- LambdaRank and gains
    ("graded-cap", "lambdarank", "if (graded && yi >= 0 && yi <= 31 && yi == (double)(int)yi) grades[(int)yi]++;",
     "if (graded && yi >= 0 && yi <= 30 && yi == (double)(int)yi) grades[(int)yi]++;",
     "counting integer grades is a shortcut of the selection: a label of 31 sends the query to the "
     "selection, which puts the same labels in the same order and sums the same products"),
    ("gain-shift", "lambdarank", "w->gain_shift = !w->linear && ymax > 900 ? ymax : 0;", "w->gain_shift = 0;"),
    ("discount-cut", "lambdarank", "if (rank >= cut) return 0.0;", "if (rank > cut) return 0.0;"),
    ("log2-norm", "lambdarank", "return abs_sum > 0 ? log1p(abs_sum) / abs_sum / 0.69314718055994530942",
     "return abs_sum > 0 ? log1p(abs_sum) / abs_sum"),
    ("items-norm-loss", "lambdarank", "*loss *= 1.0 / (double)(n - 1);", "(void)0;"),
    # --- the weightings' staged tables
    ("map-divisor", "weightings", "g2[r] = (hits * in - pre[r]) / nrel;", "g2[r] = (hits * in - pre[r]) / (nrel + 1);"),
    ("mrr-rows", "weightings", "if (f + 1 < t->cut) t->cut = f + 1;", "if (f + 1 < t->cut) t->cut = f;"),
    ("err-cascade", "weightings", "Q[r] *= 1.0 - Rb;", ";"),
    ("lambdaloss-delta", "weightings",
     "dist[r] = r ? mu * (1.0 / log2(1.0 + (double)r) - 1.0 / log2(2.0 + (double)r)) : 0;",
     "dist[r] = r ? mu * (1.0 / log2(2.0 + (double)r) - 1.0 / log2(3.0 + (double)r)) : 0;"),
    ("label-diff", "weightings", "g1[r] = lab[r] * unit;", "g1[r] = (lab[r] > 0) * unit;"),
    # --- engine presets
    ("xgboost-hess-double", "presets", "if (e->xgboost) h = 2.0 * (h > 1e-16 ? h : 1e-16);",
     "if (e->xgboost) h = h > 1e-16 ? h : 1e-16;"),
    ("engine-topk-rows", "presets", "for (r = 0; r < cut && r + 1 < n; ++r)", "for (r = 0; r + 1 < cut && r + 1 < n; ++r)"),
    ("uniform-rejection", "presets", "if (x <= last) return (size_t)(x % m);", "return (size_t)(x % m);",
     "the rejection redraws a 64-bit value only when it falls in the top 2^64 mod m values, a chance below "
     "m / 2^64: no test can draw one"),
    # --- batches, threads, weights
    ("chunk-sum", "threads", "for (k = 0; k < (size_t)cnt; ++k) total += part[k];", "for (k = 1; k < (size_t)cnt; ++k) total += part[k];"),
    ("query-weight", "batches", "if (qw != 1.0) {", "if (qw != 1.0 && 0) {"),
    ("zero-weight-query", "batches", "if (qw == 0 || (n < 2 && !c->listwise)) return 0;",
     "if (n < 2 && !c->listwise) return 0;",
     "a query of weight 0 is then computed and scaled by 0: its rows are 0 (or -0, equal to 0) and its "
     "loss 0, since the batch's bounds keep every value finite; only slower"),
    # --- error handling
    ("nan-check", "errors", "if (bad != 0) return 0; /* NaN (also from inf - inf) compares unequal */", "if (bad > 0) return 0;"),
    ("offsets-decreasing", "errors", "        if (off[q + 1] < off[q])\n            return ranknet__fail(c, RANKNET_ERR_OFFSETS,", "        if (off[q + 1] + 1 < off[q])\n            return ranknet__fail(c, RANKNET_ERR_OFFSETS,"),
    ("negative-sigma", "errors", "if (!(o.sigma >= 0) || o.sigma > DBL_MAX) /* also NaN */", "if (o.sigma > DBL_MAX) /* also NaN */"),
    ("negative-label", "errors", "if ((c.weighting != RANKNET_WEIGHT_NONE || ranknet__graded(&c)) && n > 0 && lo_y < 0) {",
     "if (0 && lo_y < 0) {"),
    ("grad-overflow", "errors", "if (grad && c.sigma > room)", "if (0 && c.sigma > room)"),
    ("pair-target-range", "errors", "if (!mean && (tlo < 0 || thi > 1)) {", "if (!mean && tlo < 0) {"),
    # --- position bias
    ("bias-divide", "bias", "return 1.0 / (tp * tm);", "return 1.0 / tp;"),
    ("bias-cost-minus", "bias", "c->cost_minus[first + minus] += cost / tp;", "c->cost_minus[first + minus] += cost / tm;"),
    ("bias-ties", "bias", "c.skip_ties = 1;", "(void)0;"),
    ("bias-exponent", "bias", "exp((log(L[r]) - log(L[0])) / (1.0 + p))", "exp((log(L[r]) - log(L[0])) / (2.0 + p))"),
    ("bias-position-range", "bias", "if (pos[i] < 0 || pos[i] > 2147483647)\n            return ranknet__fail(&why, RANKNET_ERR_RANGE,", "if (pos[i] < 0)\n            return ranknet__fail(&why, RANKNET_ERR_RANGE,"),
]

OMP = os.environ.get("OPENMP", "-fopenmp")
CC = os.environ.get("CC", "cc")


def steps(d):
    """The suite, cheapest first: (what, shell command run in the copy d)"""
    t = "-Ibuild tests/test_ranknet.c"
    table = "mkdir -p build && sh tests/list.sh tests/test_ranknet.c > build/suite_list.h"
    return [
        ("suite (OpenMP, 2 threads)", f"{table} && {CC} -std=c99 -O2 {OMP} {t} -o m_omp -lm && OMP_NUM_THREADS=2 ./m_omp"),
        ("suite (scalar build)", f"{CC} -std=c99 -O2 -DRANKNET_NO_SIMD {t} -o m_nosimd -lm && ./m_nosimd"),
        ("allocation and thread tests", f"{CC} -std=c99 -O2 tests/test_alloc.c -o m_alloc -lm && ./m_alloc && "
                                        f"{CC} -std=c99 -O2 -pthread tests/test_threads.c tests/link_impl.c -o m_thr -lm && ./m_thr"),
        ("fuzz corpus replay", f"{CC} -O1 -DFUZZ_MAIN fuzz/fuzz_ranknet.c fuzz/scalar_ref.c fuzz/plain_ref.c -o m_fuzz -lm && "
                               f"./m_fuzz fuzz/corpus"),
    ]


def run_one(m, base):
    name, area, old, new = m[:4]
    d = tempfile.mkdtemp(prefix=f"mut-{name}-", dir=base)
    for sub in ("tests", "fuzz"):
        shutil.copytree(os.path.join(ROOT, sub), os.path.join(d, sub), symlinks=True)
    src = open(os.path.join(ROOT, "ranknet.h")).read()
    with open(os.path.join(d, "ranknet.h"), "w") as f:
        f.write(src.replace(old, new, 1))
    verdict, by = "survived", ""
    for what, cmd in steps(d):
        try:
            r = subprocess.run(cmd, shell=True, cwd=d, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)
            if r.returncode != 0:
                verdict, by = "killed", what
                break
        except subprocess.TimeoutExpired:
            verdict, by = "killed", what + " (time limit)"
            break
    shutil.rmtree(d, ignore_errors=True)
    return verdict, by


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--only", default="")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--check", action="store_true", help="only check that every mutant's text is in ranknet.h once")
    a = ap.parse_args()
    src = open(os.path.join(ROOT, "ranknet.h")).read()
    chosen = [m for m in MUTANTS if not a.only or m[0] in a.only.split(",")]
    stale = [m[0] for m in chosen if src.count(m[2]) != 1]
    if stale:
        print("mutate: mutant text not found exactly once in ranknet.h: " + ", ".join(stale))
    if a.check:  # make test: the mutants still fit the header they are planted in
        print(f"{len(chosen) - len(stale)} passed, {len(stale)} failed")
        return 1 if stale else 0
    if stale:
        return 1
    if a.list:
        for m in chosen:
            print(f"{m[0]:26} {m[1]:11} {'(argued equivalent)' if len(m) > 4 else ''}")
        return 0
    base = os.path.join(ROOT, "build", "mutate")
    os.makedirs(base, exist_ok=True)
    t0 = time.time()
    # the control: the header as it is must pass every step, or every kill below means nothing
    verdict, by = run_one(("control", "-", "", ""), base)
    if verdict != "survived":
        print(f"mutate: the unmutated header fails the step '{by}': the harness is broken, not a mutant killed")
        return 1
    killed, survived, equivalent, wrongly_equivalent = 0, [], [], []
    with ThreadPoolExecutor(max_workers=max(1, a.jobs)) as ex:
        for m, (verdict, by) in zip(chosen, ex.map(lambda m: run_one(m, base), chosen)):
            eq = len(m) > 4
            if verdict == "killed":
                killed += 1
                if eq:
                    wrongly_equivalent.append(m[0])
                print(f"  killed    {m[0]:26} [{m[1]}] by {by}", flush=True)
            elif eq:
                equivalent.append(m[0])
                print(f"  equivalent {m[0]:25} [{m[1]}]: {m[4]}", flush=True)
            else:
                survived.append(m[0])
                print(f"  SURVIVED  {m[0]:26} [{m[1]}]", flush=True)
    print(f"({len(chosen)} mutants in {time.time() - t0:.0f} s; killed though argued equivalent: "
          f"{', '.join(wrongly_equivalent) or 'none'})")
    print(f"mutate: {killed} killed, {len(survived)} survived, {len(equivalent)} equivalent"
          + (f"; survivors: {', '.join(survived)}" if survived else ""))
    return 1 if survived else 0


if __name__ == "__main__":
    sys.exit(main())
