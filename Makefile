# ranknet.h - build, test and demo. Override CC, CXX, CFLAGS as usual; nothing is downloaded.
CC      ?= cc
CXX     ?= c++
CLANG   ?= clang
CFLAGS  ?= -O2
LDLIBS  = -lm
WARN    = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Werror
B       = build
HDR     = ranknet.h
TESTDEPS = $(HDR) tests/testlib.h

HAVE_CLANG := $(shell command -v $(CLANG) >/dev/null 2>&1 && echo yes)
# OpenMP for the batch functions, where the compiler has it
OPENMP  := $(shell echo 'int main(void){return 0;}' | $(CC) -fopenmp -x c - -o /dev/null 2>/dev/null && echo -fopenmp)

# The test suite compiled every way a user might: C99 and C11 with gcc and clang, C++,
# RANKNET_STATIC, and the implementation linked from a second file.
TEST_BINS = $(B)/test_c99 $(B)/test_c11 $(B)/test_cpp $(B)/test_static $(B)/test_link $(B)/test_alloc \
            $(B)/test_nosimd $(B)/test_omp
ifeq ($(HAVE_CLANG),yes)
TEST_BINS += $(B)/test_clang_c99 $(B)/test_clang_c11
endif
EXAMPLES = $(B)/quickstart

.PHONY: all test demo examples bench bench-quick bench-peers clean
all: $(TEST_BINS) $(EXAMPLES)

$(B):
	mkdir -p $(B)

$(B)/test_c99: tests/test_ranknet.c $(TESTDEPS) | $(B)
	$(CC) -std=c99 $(WARN) $(CFLAGS) $< -o $@ $(LDLIBS)
$(B)/test_c11: tests/test_ranknet.c $(TESTDEPS) | $(B)
	$(CC) -std=c11 $(WARN) $(CFLAGS) $< -o $@ $(LDLIBS)
$(B)/test_clang_c99: tests/test_ranknet.c $(TESTDEPS) | $(B)
	$(CLANG) -std=c99 $(WARN) $(CFLAGS) $< -o $@ $(LDLIBS)
$(B)/test_clang_c11: tests/test_ranknet.c $(TESTDEPS) | $(B)
	$(CLANG) -std=c11 $(WARN) $(CFLAGS) $< -o $@ $(LDLIBS)
$(B)/test_cpp: tests/test_ranknet.c $(TESTDEPS) | $(B)
	$(CXX) -x c++ -std=c++11 -Wall -Wextra -Werror $(CFLAGS) $< -o $@ $(LDLIBS)
$(B)/test_static: tests/test_ranknet.c $(TESTDEPS) | $(B)
	$(CC) -std=c99 $(WARN) -DRANKNET_STATIC $(CFLAGS) $< -o $@ $(LDLIBS)
$(B)/test_link: tests/link_impl.c tests/link_main.c $(TESTDEPS) | $(B)
	$(CC) -std=c99 $(WARN) $(CFLAGS) tests/link_impl.c tests/link_main.c -o $@ $(LDLIBS)

$(B)/test_nosimd: tests/test_ranknet.c $(TESTDEPS) | $(B)
	$(CC) -std=c99 $(WARN) -DRANKNET_NO_SIMD $(CFLAGS) $< -o $@ $(LDLIBS)
$(B)/test_omp: tests/test_ranknet.c $(TESTDEPS) | $(B)
	$(CC) -std=c99 $(WARN) $(OPENMP) $(CFLAGS) $< -o $@ $(LDLIBS)
$(B)/test_alloc: tests/test_alloc.c $(TESTDEPS) | $(B)
	$(CC) -std=c99 $(WARN) $(CFLAGS) $< -o $@ $(LDLIBS)

$(B)/quickstart: examples/quickstart.c $(HDR) | $(B)
	$(CC) -std=c99 $(WARN) $(CFLAGS) $< -o $@ $(LDLIBS)

examples: $(EXAMPLES)

test: $(TEST_BINS)
	@[ "$(HAVE_CLANG)" = yes ] || echo "note: $(CLANG) not found, the clang builds are skipped"
	@# RANKNET_MALLOC without RANKNET_FREE must not compile
	@if echo '#include "ranknet.h"' | $(CC) -x c -DRANKNET_IMPLEMENTATION -DRANKNET_MALLOC=malloc -I. -c - -o /dev/null 2>/dev/null; \
	 then echo "FAIL: RANKNET_MALLOC alone compiled"; exit 1; fi
	@sh tests/run.sh $(TEST_BINS)

demo: $(B)/quickstart
	./$(B)/quickstart

# Speed: the library against baselines built with the same flags, in the same run.
$(B)/bench: bench/bench.c $(HDR) | $(B)
	$(CC) $(CFLAGS) $(OPENMP) $< -o $@ $(LDLIBS)
bench: $(B)/bench
	./$(B)/bench
bench-quick: $(B)/bench
	./$(B)/bench --quick

# The original PyTorch functions on the same inputs (Debian's python3-torch).
bench-peers: $(B)/bench
	@if /usr/bin/python3 -c 'import torch' 2>/dev/null; then /usr/bin/python3 bench/peers.py; \
	 else echo "bench-peers: skipped, python3-torch is not installed (apt-get install python3-torch)"; fi

clean:
	rm -rf $(B)
