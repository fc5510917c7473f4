# The README's two commands: `make demo` and `make test`. Each installs the
# Debian packages it needs (only the missing ones), configures and builds.
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
# libopenblas0-serial: Clp's dense factorisation calls BLAS (dtrsm, dgemm);
# Debian's reference BLAS took a fifth of a column generation root's time
# (Instance 13: root 28.7 s, 25.4 s with OpenBLAS). Serial: the solver's
# own threads use both cores.
DEB_PACKAGES := cmake ninja-build g++ clang libclang-rt-14-dev python3 \
	libgtest-dev libgmock-dev libbenchmark-dev libcli11-dev nlohmann-json3-dev coinor-cbc coinor-libclp-dev pkg-config python3-jsonschema \
	libopenblas0-serial
BENCH_PACKAGES := python3-scipy
FUZZ_SECONDS ?= 20

.PHONY: all deps build demo test test-release test-asan fuzz bench format clean

all: build

deps:
	@missing=""; for p in $(DEB_PACKAGES) $(EXTRA_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	  $$sudo apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing; \
	fi

build: deps
	cmake --preset release >/dev/null
	cmake --build --preset release

demo: build
	./build/release/weft demo

test: test-release test-asan fuzz

test-release: build
	ctest --preset release

test-asan: deps
	cmake --preset asan >/dev/null
	cmake --build --preset asan
	ctest --preset asan

# Runs every libFuzzer target for FUZZ_SECONDS on its seed corpus.
fuzz: deps
	cmake --preset fuzz >/dev/null
	cmake --build --preset fuzz
	mkdir -p build/fuzz/corpus-curtois && cp -n fuzz/corpus/curtois/* build/fuzz/corpus-curtois/
	./build/fuzz/fuzz/fuzz_curtois -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 build/fuzz/corpus-curtois 2>&1 | tail -n 4
	mkdir -p build/fuzz/corpus-interval && cp -n fuzz/corpus/interval_csv/* build/fuzz/corpus-interval/
	./build/fuzz/fuzz/fuzz_interval_csv -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 build/fuzz/corpus-interval 2>&1 | tail -n 4
	mkdir -p build/fuzz/corpus-shiftplan && cp -n fuzz/corpus/shiftplan_json/* build/fuzz/corpus-shiftplan/
	./build/fuzz/fuzz/fuzz_shiftplan_json -max_total_time=$(FUZZ_SECONDS) -max_len=16384 -print_final_stats=1 build/fuzz/corpus-shiftplan 2>&1 | tail -n 4
	mkdir -p build/fuzz/corpus-cost-matrix && cp -n fuzz/corpus/cost_matrix/* build/fuzz/corpus-cost-matrix/
	./build/fuzz/fuzz/fuzz_cost_matrix -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 build/fuzz/corpus-cost-matrix 2>&1 | tail -n 4
	mkdir -p build/fuzz/corpus-dispatch && cp -n fuzz/corpus/dispatch_json/* build/fuzz/corpus-dispatch/
	./build/fuzz/fuzz/fuzz_dispatch_json -max_total_time=$(FUZZ_SECONDS) -max_len=16384 -print_final_stats=1 build/fuzz/corpus-dispatch 2>&1 | tail -n 4
	mkdir -p build/fuzz/corpus-network && cp -n fuzz/corpus/dispatch_network/* build/fuzz/corpus-network/
	./build/fuzz/fuzz/fuzz_dispatch_network -max_total_time=$(FUZZ_SECONDS) -max_len=16384 -print_final_stats=1 build/fuzz/corpus-network 2>&1 | tail -n 4

bench:
	$(MAKE) build EXTRA_PACKAGES="$(BENCH_PACKAGES)"
	python3 bench/demand.py
	python3 bench/curtois.py
	python3 bench/shiftplan.py
	python3 bench/assignment.py

format:
	clang-format -i $$(git ls-files '*.cc' '*.h')

clean:
	rm -rf build
