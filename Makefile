# The two commands of the README: `make run` and `make test`. Everything else helps them.
BUILD_DIR ?= build
DATA_DIR ?= data
LISTEN ?= 127.0.0.1:8080
JOBS ?= $(shell nproc)
# ccache keys on paths relative to the checkout, so a fresh clone (CI) reuses earlier builds.
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := 1

.PHONY: run test build deps configure format format-check clean test-asan test-tsan fuzz

deps:
	@scripts/install-deps

configure: deps
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null

build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

# `run` builds only the server binary; `build` and `test` build the tests as well.
run: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS) --target dossier
	@if [ ! -d "$(DATA_DIR)" ]; then \
	  $(BUILD_DIR)/dossier --data "$(DATA_DIR)" init && \
	  $(BUILD_DIR)/dossier --data "$(DATA_DIR)" demo; \
	fi
	@if [ -f "$(DATA_DIR)/demo-login.txt" ]; then cat "$(DATA_DIR)/demo-login.txt"; fi
	@$(BUILD_DIR)/dossier --data "$(DATA_DIR)" serve --listen $(LISTEN)

test: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

# Sanitizer suites, each in its own build folder (docs/OPERATIONS.md, "Sanitizers").
# Compiled at -O1 with line tables: fast enough to run the suites, precise enough to read a report.
SANITIZER_FLAGS = -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1"
SANITIZER_TARGETS = dossier dossier_tests dossier_e2e_tests

test-asan: deps
	@cmake -S . -B build-asan -G Ninja -DDOSSIER_SANITIZE=address $(SANITIZER_FLAGS) >/dev/null
	@cmake --build build-asan -j $(JOBS) --target $(SANITIZER_TARGETS)
	@scripts/sanitized-tests asan build-asan

test-tsan: deps
	@cmake -S . -B build-tsan -G Ninja -DDOSSIER_SANITIZE=thread $(SANITIZER_FLAGS) >/dev/null
	@cmake --build build-tsan -j $(JOBS) --target $(SANITIZER_TARGETS)
	@scripts/sanitized-tests tsan build-tsan

# libFuzzer targets (fuzz/), FUZZ_SECONDS each, two at a time, in build-fuzz (clang).
FUZZ_SECONDS ?= 60
fuzz: deps
	@scripts/fuzz $(FUZZ_SECONDS) build-fuzz

format:
	@clang-format -i $$(git ls-files '*.cpp' '*.hpp')

format-check:
	@clang-format --dry-run --Werror $$(git ls-files '*.cpp' '*.hpp')

clean:
	@rm -rf $(BUILD_DIR) build-asan build-tsan build-fuzz
