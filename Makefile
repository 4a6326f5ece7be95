# ranknet.h - build, test and demo. Override CC, CXX, CFLAGS as usual; nothing is downloaded.
CC      ?= cc
CXX     ?= c++
CLANG   ?= clang
CFLAGS  ?= -O2
LDLIBS  = -lm
WARN    = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Werror
B       = build
# parallel builds by default (make -j1 for one at a time)
MAKEFLAGS += -j$(shell nproc 2>/dev/null || echo 2)
HDR     = ranknet.h
TESTDEPS = $(HDR) tests/testlib.h tests/engine_vectors.h tests/allrank_vectors.h tests/metric_vectors.h tests/listwise_allrank.h tests/listwise_rax.h \
           $(wildcard tests/suite/*.c) fuzz/plain_ref.c fuzz/plain_ref.h fuzz/plain_from.h $(B)/suite_list.h

HAVE_CLANG := $(shell command -v $(CLANG) >/dev/null 2>&1 && echo yes)
# OpenMP for the batch functions, where the compiler has it
OPENMP  := $(shell echo 'int main(void){return 0;}' | $(CC) -fopenmp -x c - -o /dev/null 2>/dev/null && echo -fopenmp)

# The test suite compiled every way a user might: C99 and C11 with gcc and clang, C++,
# RANKNET_STATIC, and the implementation linked from a second file.
TEST_BINS = $(B)/test_c99 $(B)/test_c11 $(B)/test_cpp $(B)/test_static $(B)/test_link $(B)/test_alloc \
            $(B)/test_nosimd $(B)/test_noavx2 $(B)/test_omp $(B)/test_threads
ifeq ($(HAVE_CLANG),yes)
TEST_BINS += $(B)/test_clang_c99 $(B)/test_clang_c11
endif
EXAMPLES = $(B)/quickstart $(B)/train

.PHONY: help docs-figures all test demo demo-letor demo-clicks mutate xgboost-example python-example test-cmake test-pip bench-torch demo-dask lightgbm-example parity engines engine-vectors listwise-vectors examples shared test-arm test-large sanitize fuzz fuzz-replay coverage \
        bench bench-quick bench-peers bench-engines bench-binding clean
all: $(TEST_BINS) $(EXAMPLES) $(B)/libranknet.so

## help: this list (each target's line is the `## ` comment above it)
help:
	@sed -n 's/^## \([a-z-]*\): /  make \1\t/p' Makefile | expand -t 28

$(B):
	mkdir -p $(B)

# the suite's table of tests, from the TEST() lines of the files it includes
$(B)/suite_list.h: tests/test_ranknet.c $(wildcard tests/suite/*.c) tests/list.sh | $(B)
	sh tests/list.sh tests/test_ranknet.c > $@.tmp && mv $@.tmp $@

$(B)/test_c99: tests/test_ranknet.c $(TESTDEPS) | $(B)
	$(CC) -std=c99 $(WARN) $(CFLAGS) -I$(B) $< -o $@ $(LDLIBS)
$(B)/test_c11: tests/test_ranknet.c $(TESTDEPS) | $(B)
	$(CC) -std=c11 $(WARN) $(CFLAGS) -I$(B) $< -o $@ $(LDLIBS)
$(B)/test_clang_c99: tests/test_ranknet.c $(TESTDEPS) | $(B)
	$(CLANG) -std=c99 $(WARN) $(CFLAGS) -I$(B) $< -o $@ $(LDLIBS)
$(B)/test_clang_c11: tests/test_ranknet.c $(TESTDEPS) | $(B)
	$(CLANG) -std=c11 $(WARN) $(CFLAGS) -I$(B) $< -o $@ $(LDLIBS)
$(B)/test_cpp: tests/test_ranknet.c $(TESTDEPS) | $(B)
	$(CXX) -x c++ -std=c++11 -Wall -Wextra -Werror $(CFLAGS) -I$(B) $< -o $@ $(LDLIBS)
$(B)/test_static: tests/test_ranknet.c $(TESTDEPS) | $(B)
	$(CC) -std=c99 $(WARN) -DRANKNET_STATIC $(CFLAGS) -I$(B) $< -o $@ $(LDLIBS)
# The implementation compiled once, in a file of its own: the shared library, the two-file
# link test and the thread test link it
$(B)/impl.o: tests/link_impl.c $(HDR) | $(B)
	$(CC) -std=c99 $(WARN) $(CFLAGS) -fPIC -c $< -o $@
$(B)/test_link: tests/link_main.c $(B)/impl.o $(TESTDEPS) | $(B)
	$(CC) -std=c99 $(WARN) $(CFLAGS) $< $(B)/impl.o -o $@ $(LDLIBS)

$(B)/test_nosimd: tests/test_ranknet.c $(TESTDEPS) | $(B)
	$(CC) -std=c99 $(WARN) -DRANKNET_NO_SIMD $(CFLAGS) -I$(B) $< -o $@ $(LDLIBS)
# the SSE2 kernels alone, as a build with RANKNET_NO_AVX2 has them
$(B)/test_noavx2: tests/test_ranknet.c $(TESTDEPS) | $(B)
	$(CC) -std=c99 $(WARN) -DRANKNET_NO_AVX2 $(CFLAGS) -I$(B) $< -o $@ $(LDLIBS)
# OpenMP, with a C library sort that is not stable (OpenMP's job order is the library's one
# qsort): no result may depend on either
$(B)/test_omp: tests/test_ranknet.c tests/unstable_qsort.h $(TESTDEPS) | $(B)
	$(CC) -std=c99 $(WARN) $(OPENMP) $(CFLAGS) -include tests/unstable_qsort.h -I$(B) $< -o $@ $(LDLIBS)
$(B)/test_threads: tests/test_threads.c $(B)/impl.o $(TESTDEPS) | $(B)
	$(CC) -std=c99 $(WARN) $(CFLAGS) -pthread $< $(B)/impl.o -o $@ $(LDLIBS)
$(B)/test_alloc: tests/test_alloc.c $(TESTDEPS) | $(B)
	$(CC) -std=c99 $(WARN) $(CFLAGS) $< -o $@ $(LDLIBS)

$(B)/quickstart: examples/quickstart.c $(HDR) | $(B)
	$(CC) -std=c99 $(WARN) $(CFLAGS) $< -o $@ $(LDLIBS)
$(B)/train: examples/train.c $(HDR) examples/letor.h examples/ranker.h | $(B)
	$(CC) -std=c99 $(WARN) $(CFLAGS) $(OPENMP) $< -o $@ $(LDLIBS)
# the trainer under ASan + UBSan, for its bad-input tests
$(B)/train_san: examples/train.c $(HDR) examples/letor.h examples/ranker.h | $(B)
	$(CC) -std=c99 $(WARN) $(SAN) $< -o $@ $(LDLIBS)

examples: $(EXAMPLES)

# The Python binding's test, where Debian's python3-numpy is installed
PYTHON ?= /usr/bin/python3
HAVE_NUMPY := $(shell $(PYTHON) -c 'import numpy' >/dev/null 2>&1 && echo yes)
ifeq ($(HAVE_NUMPY),yes)
PY_TEST = "$(PYTHON) python/tests/test_ranknet.py" "$(PYTHON) python/tests/test_torch.py" "$(PYTHON) python/tests/test_dask_example.py" \
          "$(PYTHON) python/tests/test_factories.py"
endif
# the header, docs/ and the binding against each other (any python3)
HAVE_PYTHON3 := $(shell command -v python3 >/dev/null 2>&1 && echo yes)
ifeq ($(HAVE_PYTHON3),yes)
DOCS_CHECK = "python3 tests/check_docs.py" "python3 tests/mutate.py --check"
endif

## test: the suite in every build, the other test programs, the Python tests, the docs check
test: $(TEST_BINS) $(B)/train_san $(B)/libranknet.so $(B)/quickstart
	@[ "$(HAVE_CLANG)" = yes ] || echo "test: clang builds skipped, $(CLANG) not found (apt-get install clang)"
	@[ "$(HAVE_NUMPY)" = yes ] || echo "test: python tests skipped, $(PYTHON) has no numpy (apt-get install python3-numpy)"
	@[ "$(HAVE_PYTHON3)" = yes ] || echo "test: docs check skipped, no python3"
	@# RANKNET_MALLOC without RANKNET_FREE must not compile
	@if echo '#include "ranknet.h"' | $(CC) -x c -DRANKNET_IMPLEMENTATION -DRANKNET_MALLOC=malloc -I. -c - -o /dev/null 2>/dev/null; \
	 then echo "FAIL: RANKNET_MALLOC alone compiled"; exit 1; fi
	@sh tests/run.sh $(TEST_BINS) "sh tests/test_train.sh $(B)/train_san" $(PY_TEST) $(DOCS_CHECK) "sh tests/check_format.sh"

## demo: the main job on built-in data: one query's lambdas, then a ranker trained with them
demo: $(B)/quickstart $(B)/train
	./$(B)/quickstart
	@echo
	./$(B)/train --curve $(B)/curve.svg

# Learning to rank from simulated clicks, naive and debiased (Unbiased LambdaMART), on the
# synthetic data and the LETOR sample; with XGBoost's trees too where libxgboost-dev is.
## demo-clicks: learning from simulated clicks, naive and debiased
demo-clicks: $(B)/clicks $(B)/libranknet.so
	./$(B)/clicks --svg $(B)/clicks-synthetic.svg
	@echo
	./$(B)/clicks $(LETOR) --svg $(B)/clicks-letor.svg
	@echo
	@if $(PYTHON) -c 'import numpy' 2>/dev/null; then $(PYTHON) examples/clicks_xgboost.py $(LETOR); \
	else echo "clicks (Python, XGBoost): skipped, $(PYTHON) has no numpy (apt-get install python3-numpy)"; fi
$(B)/clicks: examples/clicks.c $(HDR) examples/letor.h examples/ranker.h | $(B)
	@if [ -f $(XGB_HEADER) ]; then \
	  echo "$(CC) ... -DCLICKS_XGBOOST examples/clicks.c -lxgboost -o $@"; \
	  $(CC) -std=c99 $(WARN) $(CFLAGS) -DCLICKS_XGBOOST $< -lxgboost $(LDLIBS) -o $@; \
	else echo "demo-clicks: XGBoost's C API is not installed (apt-get install libxgboost-dev): the linear ranker only"; \
	  $(CC) -std=c99 $(WARN) $(CFLAGS) $< $(LDLIBS) -o $@; fi

# Boosted trees with our objective against XGBoost's own (Debian's libxgboost-dev).
XGB_HEADER ?= /usr/include/xgboost/c_api.h
xgboost-example: | $(B)
	@if [ -f $(XGB_HEADER) ] && [ -f $(LETOR)/rank.train ]; then \
	  $(CC) -std=c99 $(WARN) $(CFLAGS) examples/xgboost_objective.c -lxgboost $(LDLIBS) -o $(B)/xgboost_objective && \
	  ./$(B)/xgboost_objective $(LETOR); \
	elif [ ! -f $(XGB_HEADER) ]; then echo "xgboost-example: skipped, XGBoost's C API is not installed (apt-get install libxgboost-dev)"; \
	else echo "xgboost-example: skipped, no LETOR sample at $(LETOR)"; fi

# `pip install .` into a fresh virtual environment, imported from elsewhere
## test-pip: pip install . into a fresh virtual environment
test-pip:
	@sh tests/run.sh "sh tests/test_pip.sh"

# The CMake package (find_package, add_subdirectory, FetchContent) and pkg-config file
## test-cmake: the CMake package and pkg-config file from a separate project
test-cmake:
	@if command -v cmake >/dev/null 2>&1; then sh tests/run.sh "sh tests/test_cmake.sh"; \
	else echo "test-cmake: skipped, cmake not found (apt-get install cmake)"; fi

# ranknet.h as a custom objective of XGBoost's Python package (python3-xgboost)
python-example: $(B)/libranknet.so
	@if $(PYTHON) -c 'import xgboost, numpy' >/dev/null 2>&1 && [ -f $(LETOR)/rank.train ]; then \
	  $(PYTHON) examples/xgboost_example.py $(LETOR); \
	else echo "python-example: skipped, needs python3-xgboost, python3-numpy and the LETOR sample"; fi

# The same on the real LETOR sample beside the project, RankNet then LambdaRank.
LETOR ?= data/letor-sample
## demo-letor: the trainer on the LETOR sample, RankNet then LambdaRank
demo-letor: $(B)/train
	@if [ -f $(LETOR)/rank.train ] && [ -f $(LETOR)/rank.test ]; then \
	  ./$(B)/train $(LETOR)/rank.train --test $(LETOR)/rank.test --epochs 30 --curve $(B)/letor-curve.svg && echo && \
	  ./$(B)/train $(LETOR)/rank.train --test $(LETOR)/rank.test --epochs 30 --lambdarank --ndcg-k 10; \
	else echo "demo-letor: skipped, no LETOR sample at $(LETOR) (set LETOR=DIR)"; fi

# LightGBM and XGBoost (PyPI, in build/venv) trained with their built-in ranking objectives
# and with ranknet.h's presets of them as custom objectives: python/tests/parity.py. Skipped with
# a message where PyPI cannot be reached.
VENV ?= $(B)/venv
VENV_PY = $(VENV)/bin/python
$(VENV_PY): | $(B)
	@/usr/bin/python3 -m venv --system-site-packages $(VENV) || { echo "parity: skipped, no venv (apt-get install python3-venv)"; exit 0; }
# numpy < 2: the venv also sees Debian's compiled modules (pandas, which LightGBM imports
# when it is there), built for numpy 1
engines: $(VENV_PY)
	@$(VENV_PY) -c 'import lightgbm, xgboost, sklearn; assert int(xgboost.__version__[0]) >= 3' 2>/dev/null || \
	  $(VENV)/bin/pip install -q --disable-pip-version-check 'lightgbm>=4.6' 'xgboost-cpu>=3.1' 'numpy<2' scikit-learn 2>&1 | tail -2 || true
## parity: LightGBM and XGBoost trained with their objectives and with the presets
parity: $(B)/libranknet.so engines
	@if $(VENV_PY) -c 'import lightgbm, xgboost' 2>/dev/null; then $(VENV_PY) python/tests/parity.py $(LETOR) && \
	  sh tests/run.sh "$(VENV_PY) python/tests/test_factories.py"; \
	else echo "parity: skipped, lightgbm and xgboost-cpu could not be installed from PyPI into $(VENV)"; fi
# tests/engine_vectors.h again, from the engines themselves (see tests/engine_vectors.py)
engine-vectors: $(B)/libranknet.so engines
	$(VENV_PY) tests/engine_vectors.py > $(B)/engine_vectors.h && mv $(B)/engine_vectors.h tests/engine_vectors.h
## listwise-vectors: the listwise tests' reference values again, from allRank and Rax (PyPI)
# allRank pins an old torch: installed without its dependencies, over Debian's torch. Rax's
# jax wants numpy 2, which the engines' environment cannot have: a venv of its own.
listwise-vectors: engines
	$(VENV)/bin/pip install -q --no-deps allrank==1.4.3
	/usr/bin/python3 -m venv $(B)/venv-jax && $(B)/venv-jax/bin/pip install -q 'jax[cpu]' rax
	$(VENV_PY) tests/listwise_vectors.py allrank > $(B)/lw.h && mv $(B)/lw.h tests/listwise_allrank.h
	$(B)/venv-jax/bin/python tests/listwise_vectors.py rax > $(B)/lw.h && mv $(B)/lw.h tests/listwise_rax.h

# One query of n = 100,000 (5e9 pairs) against sampled exact lambdas: about 12 s here.
$(B)/test_large: tests/test_large.c $(TESTDEPS) | $(B)
	$(CC) -std=c99 $(WARN) $(CFLAGS) $< -o $@ $(LDLIBS)
## test-large: one query of 100,000 items against sampled exact lambdas
test-large: $(B)/test_large
	@sh tests/run.sh $(B)/test_large

# The suite under AddressSanitizer + UndefinedBehaviorSanitizer (gcc, and clang when
# present), under valgrind memcheck (when present), and the thread test under
# ThreadSanitizer (clang). Any report fails the run.
SAN = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
SAN_BINS = $(B)/san_gcc $(B)/san_gcc_alloc $(B)/san_gcc_threads
ifeq ($(HAVE_CLANG),yes)
SAN_BINS += $(B)/san_clang $(B)/san_clang_alloc $(B)/tsan_threads
endif
$(B)/san_gcc: tests/test_ranknet.c $(TESTDEPS) | $(B)
	$(CC) -std=c99 $(WARN) $(SAN) -I$(B) $< -o $@ $(LDLIBS)
$(B)/san_gcc_alloc: tests/test_alloc.c $(TESTDEPS) | $(B)
	$(CC) -std=c99 $(WARN) $(SAN) $< -o $@ $(LDLIBS)
$(B)/san_gcc_threads: tests/test_threads.c $(TESTDEPS) | $(B)
	$(CC) -std=c99 $(WARN) $(SAN) -pthread $< tests/link_impl.c -o $@ $(LDLIBS)
$(B)/san_clang: tests/test_ranknet.c $(TESTDEPS) | $(B)
	$(CLANG) -std=c99 $(WARN) $(SAN) -I$(B) $< -o $@ $(LDLIBS)
$(B)/san_clang_alloc: tests/test_alloc.c $(TESTDEPS) | $(B)
	$(CLANG) -std=c99 $(WARN) $(SAN) $< -o $@ $(LDLIBS)
$(B)/tsan_threads: tests/test_threads.c $(TESTDEPS) | $(B)
	$(CLANG) -std=c99 $(WARN) -O1 -g -fsanitize=thread -pthread $< tests/link_impl.c -o $@ $(LDLIBS)
$(B)/memcheck: tests/test_ranknet.c $(TESTDEPS) | $(B)
	$(CC) -std=c99 $(WARN) -O1 -g -I$(B) $< -o $@ $(LDLIBS)
HAVE_VALGRIND := $(shell command -v valgrind >/dev/null 2>&1 && echo yes)
VALGRIND = valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=all
## sanitize: the suite under ASan + UBSan (gcc, clang), valgrind memcheck, TSan
sanitize: $(SAN_BINS) $(B)/memcheck
	@[ "$(HAVE_CLANG)" = yes ] || echo "sanitize: clang not found, its ASan/UBSan and TSan builds are skipped"
	@if [ "$(HAVE_VALGRIND)" = yes ]; then \
	  sh tests/run.sh $(SAN_BINS) "$(VALGRIND) $(B)/memcheck"; \
	else echo "sanitize: valgrind not found, memcheck skipped"; sh tests/run.sh $(SAN_BINS); fi

# Fuzzing (clang's libFuzzer): FUZZ_SECONDS of new inputs from a copy of the seed corpus.
FUZZ_SECONDS ?= 60
FUZZ_SRC = fuzz/fuzz_ranknet.c fuzz/scalar_ref.c fuzz/plain_ref.c
$(B)/fuzz_ranknet: $(FUZZ_SRC) fuzz/scalar_ref.h fuzz/plain_ref.h fuzz/plain_from.h $(HDR) | $(B)
	$(CLANG) -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all $(FUZZ_SRC) -o $@ $(LDLIBS)
## fuzz: libFuzzer for FUZZ_SECONDS (60) from the seed corpus
fuzz: $(B)/fuzz_ranknet
	mkdir -p $(B)/corpus && cp fuzz/corpus/* $(B)/corpus/
	./$(B)/fuzz_ranknet -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 -artifact_prefix=$(B)/ $(B)/corpus
# The committed corpus through the plain main (no libFuzzer needed), with sanitizers.
$(B)/fuzz_replay: $(FUZZ_SRC) fuzz/scalar_ref.h fuzz/plain_ref.h fuzz/plain_from.h $(HDR) | $(B)
	$(CC) $(SAN) -DFUZZ_MAIN $(FUZZ_SRC) -o $@ $(LDLIBS)
## fuzz-replay: the seed corpus through the fuzz target's checks, with sanitizers
fuzz-replay: $(B)/fuzz_replay
	./$(B)/fuzz_replay fuzz/corpus

# Mutation testing: tests/mutate.py plants each of its bugs in a copy of ranknet.h and runs
# the suite, the scalar build, the allocation and thread tests and the fuzz corpus on it.
## mutate: plant each of tests/mutate.py's bugs and run the checks against it (~35 min)
mutate:
	python3 tests/mutate.py --jobs $$(nproc 2>/dev/null || echo 2)

# Line and branch coverage of the implementation part of ranknet.h under the suite (gcov).
# -O1: each kernel entry point makes its flags (weighting, loss) constants; at -O0 every
# inlined copy would keep both sides of those branches, which no build ships.
COV_OPT = -O1
## coverage: gcov line and branch coverage of the implementation
coverage: $(B)/suite_list.h
	rm -rf $(B)/cov && mkdir -p $(B)/cov
	$(CC) -std=c99 $(COV_OPT) --coverage -I$(B) tests/test_ranknet.c -o $(B)/cov/suite $(LDLIBS)
	$(CC) -std=c99 $(COV_OPT) --coverage tests/test_alloc.c -o $(B)/cov/alloc $(LDLIBS)
	$(CC) -std=c99 $(COV_OPT) --coverage -DRANKNET_NO_SIMD -I$(B) tests/test_ranknet.c -o $(B)/cov/scalar $(LDLIBS)
	./$(B)/cov/suite >/dev/null && ./$(B)/cov/alloc >/dev/null && ./$(B)/cov/scalar >/dev/null
	gcov -b $(B)/cov/suite-test_ranknet.gcda >/dev/null && mv ranknet.h.gcov $(B)/cov/suite.gcov
	gcov -b $(B)/cov/alloc-test_alloc.gcda >/dev/null && mv ranknet.h.gcov $(B)/cov/alloc.gcov
	gcov -b $(B)/cov/scalar-test_ranknet.gcda >/dev/null && mv ranknet.h.gcov $(B)/cov/scalar.gcov
	rm -f *.gcov
	python3 tests/coverage.py ranknet.h $(B)/cov/suite.gcov $(B)/cov/alloc.gcov $(B)/cov/scalar.gcov

# A shared library for FFI users (the Python binding, bench/peers.py)
$(B)/libranknet.so: $(B)/impl.o
	$(CC) $(CFLAGS) -shared $(B)/impl.o -o $@ $(LDLIBS)
shared: $(B)/libranknet.so

# The suite on aarch64 (the NEON path) under qemu, when the cross compiler and qemu exist
ARM_CC ?= aarch64-linux-gnu-gcc
## test-arm: the suite on aarch64 under qemu
test-arm: $(B)/suite_list.h
	@if command -v $(ARM_CC) >/dev/null 2>&1 && command -v qemu-aarch64 >/dev/null 2>&1; then \
	  mkdir -p $(B) && \
	  $(ARM_CC) -std=c99 $(WARN) -O2 -static -I$(B) tests/test_ranknet.c -o $(B)/test_arm -lm && \
	  $(ARM_CC) -std=c99 $(WARN) -O2 -static -DRANKNET_NO_SIMD -I$(B) tests/test_ranknet.c -o $(B)/test_arm_nosimd -lm && \
	  sh tests/run.sh "qemu-aarch64 $(B)/test_arm" "qemu-aarch64 $(B)/test_arm_nosimd"; \
	else echo "test-arm: skipped, needs $(ARM_CC) and qemu-aarch64 (apt-get install gcc-aarch64-linux-gnu qemu-user)"; fi

## docs-figures: every figure of README.md and docs/ again, from its command (bench/figures.py)
docs-figures: $(B)/bench $(B)/train $(B)/libranknet.so
	python3 bench/figures.py $(FIGURES)

# Speed: the library against baselines built with the same flags, in the same run.
$(B)/bench: bench/bench.c $(HDR) | $(B)
	$(CC) $(CFLAGS) $(OPENMP) $< -o $@ $(LDLIBS)
## bench: speed against baselines built the same way (./build/bench --PART for one part)
bench: $(B)/bench
	./$(B)/bench
bench-quick: $(B)/bench
	./$(B)/bench --quick

# Training time through both engines, built-in objective against the preset (bench/engines.py)
## bench-engines: LightGBM and XGBoost training, built-in objective against the preset
bench-engines: $(B)/libranknet.so engines
	@if $(VENV_PY) -c 'import lightgbm, xgboost' 2>/dev/null; then $(VENV_PY) bench/engines.py $(ENGINE_ROUNDS); \
	else echo "bench-engines: skipped, lightgbm and xgboost-cpu could not be installed from PyPI into $(VENV)"; fi
ENGINE_ROUNDS ?= 40 3
# What the Python binding adds to a ranknet_batch call at 100,000 rows (bench/binding.py)
## bench-binding: what the Python binding adds to a call
bench-binding: $(B)/libranknet.so
	@if $(PYTHON) -c 'import numpy' 2>/dev/null; then $(PYTHON) bench/binding.py; \
	else echo "bench-binding: skipped, $(PYTHON) has no numpy (apt-get install python3-numpy)"; fi

# XGBoost on Dask (Debian's python3-xgboost, python3-dask, python3-distributed) with our
# objective, against single-process training: a LocalCluster of 2 workers; then LightGBM's
# DaskLGBMRanker (PyPI's lightgbm in build/venv) with the preset's callable objective
## demo-dask: XGBoost and LightGBM on Dask with ranknet.h's objective
demo-dask: $(B)/libranknet.so engines
	@$(PYTHON) examples/dask_ranking.py
	@if $(VENV_PY) -c 'import lightgbm, dask.distributed' 2>/dev/null; then $(VENV_PY) examples/dask_ranking.py --engine lightgbm; \
	else echo "demo-dask (lightgbm): skipped, lightgbm could not be installed from PyPI into $(VENV), or no python3-distributed"; fi

# LightGBM (PyPI, in build/venv) with RankNet and LambdaRank lambdas as custom objectives
lightgbm-example: $(B)/libranknet.so engines
	@if $(VENV_PY) -c 'import lightgbm' 2>/dev/null; then $(VENV_PY) examples/lightgbm_example.py $(LETOR); \
	else echo "lightgbm-example: skipped, lightgbm could not be installed from PyPI into $(VENV)"; fi

# ranknet.torch against the original PyTorch code, forward + backward, and in training
bench-torch: $(B)/libranknet.so
	@if /usr/bin/python3 -c 'import torch, numpy' 2>/dev/null; then /usr/bin/python3 bench/torch_bench.py; \
	 else echo "bench-torch: skipped, python3-torch is not installed (apt-get install python3-torch)"; fi

# The original PyTorch functions on the same inputs (Debian's python3-torch).
bench-peers: $(B)/libranknet.so
	@if /usr/bin/python3 -c 'import torch' 2>/dev/null; then /usr/bin/python3 bench/peers.py; \
	 else echo "bench-peers: skipped, python3-torch is not installed (apt-get install python3-torch)"; fi

## clean: remove build/
clean:
	rm -rf $(B)
