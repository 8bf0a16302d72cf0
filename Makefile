# The two commands of the README: `make run` and `make test`. Everything else helps them.
BUILD_DIR ?= build
DATA_DIR ?= data
LISTEN ?= 127.0.0.1:8080
JOBS ?= $(shell nproc)

.PHONY: run test build deps configure format format-check clean

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

format:
	@clang-format -i $$(git ls-files '*.cpp' '*.hpp')

format-check:
	@clang-format --dry-run --Werror $$(git ls-files '*.cpp' '*.hpp')

clean:
	@rm -rf $(BUILD_DIR)
