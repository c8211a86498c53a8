# qrsync — the two commands a new machine needs:
#   make run    install what is missing, build, start the desktop app
#   make test   install what is missing, build, run every test through ctest
# Other targets: build, bench, screenshots, format, coverage, clean.

BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=
CTEST_FLAGS ?=
BENCH ?= all

.PHONY: all deps configure build test run bench screenshots coverage format format-check clean

all: build

deps:
	@bash scripts/install-deps.sh

$(BUILD)/build.ninja: | deps
	cmake -S . -B $(BUILD) -G Ninja $(CMAKE_FLAGS)

configure: deps $(BUILD)/build.ninja

build: configure
	cmake --build $(BUILD) -j $(JOBS)

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) $(CTEST_FLAGS)

run: build
	@bash scripts/run-desktop.sh $(BUILD)/bin/qrsync-desktop

bench: build
	@bash bench/run.sh $(BUILD) $(BENCH)

screenshots: build
	@bash scripts/screenshots.sh $(BUILD)

coverage: deps
	@bash scripts/coverage.sh

format:
	@git ls-files '*.cpp' '*.h' | xargs clang-format -i

format-check:
	@git ls-files '*.cpp' '*.h' | xargs clang-format --dry-run --Werror

clean:
	rm -rf $(BUILD)
