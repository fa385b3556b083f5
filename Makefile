# sitrep - convenience targets over CMake. The build itself is CMakeLists.txt.
#
#   make            configure + build into build/ (build/sitrep, build/sitrep.lex)
#   make configure  configure build/ only (again when an earlier configure failed)
#   make setup      Debian packages + default gazetteer sources (scripts/setup.sh)
#   make gazetteer  compile build/gazetteer.img (skipped when newer than its inputs)
#   make demo       setup + build + code data/examples/demo_report.txt
#   make check      setup + build + gazetteer + all tests (ctest)
#   make asan       the same tests built with ASan + UBSan in build-asan/
#   make tsan       sitrep built with ThreadSanitizer in build-tsan/, running the
#                   --jobs tests (tests/e2e/code_jobs.sh) on it
#   make fuzz       clang libFuzzer targets in build-fuzz/, each run FUZZ_SECONDS
#   make bench      throughput / start-up / RSS on ../shared (bench/run.sh)
#   make format | lint | clean
#
# On a fresh Debian 12 machine, as root: `make check` or `make demo` installs what is missing.

BUILDDIR ?= build
ASANDIR ?= build-asan
FUZZDIR ?= build-fuzz
TSANDIR ?= build-tsan
BUILD_TYPE ?= Release
CMAKE ?= cmake
CTEST ?= ctest
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
FUZZ_SECONDS ?= 30
CMAKE_FLAGS ?=
DEMO ?= data/examples/demo_report.txt
DEMO_DATE ?= 2018-11-27

SOURCES = $(shell find src cli include tests -name '*.[ch]' 2>/dev/null)

.PHONY: all configure build setup gazetteer demo check test asan tsan fuzz bench format lint clean

all: build

# configure DIR, CMake arguments: only when DIR has no generated build system (a fresh
# DIR, or one left by a configure that failed or was interrupted: CMakeCache.txt without
# a Makefile/build.ninja). A configure that fails removes its CMakeCache.txt, so the next
# run starts clean instead of failing with "No rule to make target 'Makefile'".
define configure
	@if [ -f $(1)/CMakeCache.txt ] && { [ -f $(1)/Makefile ] || [ -f $(1)/build.ninja ]; }; then :; \
	else \
	  if [ -f $(1)/CMakeCache.txt ]; then echo "make: $(1) was not fully configured; configuring again"; fi; \
	  echo "$(CMAKE) -S . -B $(1) $(2)"; \
	  $(CMAKE) -S . -B $(1) $(2) || { rm -f $(1)/CMakeCache.txt; \
	    echo "make: configuring $(1) failed (see above; 'make setup' installs what is missing)." \
	         "Nothing is left that blocks the next run." >&2; exit 1; }; \
	fi
endef

# BUILD_TARGET: build one CMake target only (default: all)
BUILD_TARGET ?=

configure:
	$(call configure,$(BUILDDIR),-DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_FLAGS))

build: configure
	$(CMAKE) --build $(BUILDDIR) -j $(JOBS) $(if $(BUILD_TARGET),--target $(BUILD_TARGET))

setup:
	scripts/setup.sh

gazetteer: build
	scripts/setup.sh deps
	scripts/setup.sh gazetteer $(BUILDDIR)

demo: setup
	@$(MAKE) --no-print-directory gazetteer
	@echo "== sitrep code --pretty $(DEMO)"
	$(BUILDDIR)/sitrep code --pretty --date $(DEMO_DATE) $(DEMO)
	@rm -f $(BUILDDIR)/demo.db $(BUILDDIR)/demo.db-wal $(BUILDDIR)/demo.db-shm
	@echo "== sitrep ingest + situation (store: $(BUILDDIR)/demo.db)"
	$(BUILDDIR)/sitrep ingest --quiet --db $(BUILDDIR)/demo.db --date $(DEMO_DATE) $(DEMO)
	$(BUILDDIR)/sitrep situation --db $(BUILDDIR)/demo.db --as-of $(DEMO_DATE) --days 7
	@echo "== map: $(BUILDDIR)/sitrep serve --db $(BUILDDIR)/demo.db, then open http://127.0.0.1:8080/"

check: setup
	@$(MAKE) --no-print-directory gazetteer
	cd $(BUILDDIR) && $(CTEST) --output-on-failure -j$(JOBS)

# tests only, no setup (for an already set-up machine)
test: build
	cd $(BUILDDIR) && $(CTEST) --output-on-failure -j$(JOBS)

asan: setup
	$(call configure,$(ASANDIR),-DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DSITREP_SANITIZE=ON $(CMAKE_FLAGS))
	$(CMAKE) --build $(ASANDIR) -j $(JOBS)
	scripts/setup.sh deps
	scripts/setup.sh gazetteer $(ASANDIR)
	cd $(ASANDIR) && $(CTEST) --output-on-failure -j$(JOBS)

# ThreadSanitizer over the parallel coder and ingest (--jobs): the e2e test that compares
# --jobs 1/2/4 run on a TSan build; any report fails it (halt_on_error).
tsan: build
	$(call configure,$(TSANDIR),-DCMAKE_BUILD_TYPE=RelWithDebInfo -DSITREP_TESTS=OFF \
	    "-DCMAKE_C_FLAGS=-fsanitize=thread -O1 -g" -DCMAKE_EXE_LINKER_FLAGS=-fsanitize=thread $(CMAKE_FLAGS))
	$(CMAKE) --build $(TSANDIR) -j $(JOBS) --target sitrep lexicon
	SITREP=$(TSANDIR)/sitrep SITREP_GAZETTEER=$(abspath $(BUILDDIR))/gazetteer.img \
	    TSAN_OPTIONS="halt_on_error=1 exitcode=66" bash tests/e2e/code_jobs.sh

fuzz: setup
	$(call configure,$(FUZZDIR),-DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) \
	    -DSITREP_FUZZ=ON -DSITREP_TESTS=OFF $(CMAKE_FLAGS))
	$(CMAKE) --build $(FUZZDIR) -j $(JOBS) --target lexicon fuzzers
	@n=0; bad=; for f in $(FUZZDIR)/fuzz_*; do \
	  [ -f "$$f" ] && [ -x "$$f" ] || continue; n=$$((n+1)); name=$$(basename $$f); \
	  mkdir -p $(FUZZDIR)/corpus/$$name; seeds=; \
	  [ -d tests/fuzz/corpus/$$name ] && seeds=tests/fuzz/corpus/$$name; \
	  echo "== $$name ($(FUZZ_SECONDS) s)"; \
	  SITREP_LEXICON=$(CURDIR)/$(FUZZDIR)/sitrep.lex \
	  $$f -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	    -artifact_prefix=$(FUZZDIR)/$$name- $(FUZZDIR)/corpus/$$name $$seeds || bad="$$bad $$name"; \
	 done; \
	 if [ -n "$$bad" ]; then \
	   echo "fuzz: FAILED:$$bad (reproduce: $(FUZZDIR)/NAME $(FUZZDIR)/NAME-crash-*)"; exit 1; fi; \
	 echo "fuzz: $$n target(s) ran $(FUZZ_SECONDS) s each without a crash"

bench: build
	bench/run.sh

format:
	clang-format -i $(SOURCES)

# One clang-tidy run per file: clang-tidy 14 given several files reports a false
# "uninitialized va_list" (valist checker state leaks from one file to the next).
lint: build
	@if command -v clang-tidy >/dev/null 2>&1; then \
	  for f in $(filter src/%.c cli/%.c,$(SOURCES)); do clang-tidy -p $(BUILDDIR) --quiet $$f; done; \
	else echo "lint: clang-tidy not installed, skipped"; fi

clean:
	rm -rf $(BUILDDIR) $(ASANDIR) $(FUZZDIR)
