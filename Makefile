# crest - build, test, demo, install.
#
#   make              build build/crest
#   make test         install missing Debian packages, build, run every test
#   make check        the same suite built with ASan and UBSan
#   make demo         a rollout against a local lab of SSH test hosts, ending
#                     with the fleet report (build/demo-report.html)
#   make bench        crest side by side with its peers, as ratios
#   make crashtest    SIGKILL the controller at CRASH_N random moments of a
#                     20-host run (CRASH_SEED replays); not part of make test
#   make lint         clang-format, cppcheck and the include rules
#   make fuzz         build the libFuzzer targets (FUZZ_SECONDS=N runs them)
#   make install      PREFIX=/usr/local DESTDIR=
#
# Targets that run things first run tests/deps.sh, which installs what is
# missing (as root, with apt-get) and does nothing when all is there.

VERSION := $(shell cat VERSION)
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
BUILD ?= build

CC ?= cc
PKGS := libssh libgit2 yaml-0.1 jansson libcurl libcrypto
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

CFLAGS ?= -O2 -g
CREST_CFLAGS := -std=c11 -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter \
	-Wformat=2 -Wstrict-prototypes -Wmissing-prototypes \
	-D_GNU_SOURCE -D_FILE_OFFSET_BITS=64 -DCREST_VERSION='"$(VERSION)"' \
	-Iorchestrator -I. $(PKG_CFLAGS)
LDLIBS_CREST := $(PKG_LIBS) -lpthread -lm

ifeq ($(SANITIZE),1)
CREST_CFLAGS += -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
LDFLAGS += -fsanitize=address,undefined
endif

# The subsystems under orchestrator/, one folder each (docs/architecture.md
# has the map and what each may include).  The command line is cli/; the
# engine is everything else, a library the CLI and the unit tests link.
SUBSYSTEMS := base lang config schedule transport http analysis notify git \
	engine patch facts report
CLI_SRC := $(sort $(wildcard orchestrator/cli/*.c))
LIB_SRC := $(sort $(foreach d,$(SUBSYSTEMS),$(wildcard orchestrator/$(d)/*.c)) \
	$(wildcard modules/*.c) $(wildcard inventory/*.c))
SRC_H := $(sort $(wildcard orchestrator/*/*.h modules/*.h inventory/*.h))
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/%.o)
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o)
LIB := $(BUILD)/libcrest.a
# The CLI without main(), for the unit tests of its parts (options).
CLI_LIB := $(BUILD)/libcrest-cli.a
MAIN_OBJ := $(BUILD)/orchestrator/cli/main.o

UNIT_SRC := $(sort $(wildcard tests/unit/test-*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

# Programs the integration tests drive (not unit tests: tests/run.sh runs
# $(BUILD)/tests/test-* only).
HELPER_SRC := $(sort $(wildcard tests/helpers/*.c))
HELPER_BIN := $(HELPER_SRC:tests/helpers/%.c=$(BUILD)/tests/helpers/%)

FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz-*.c))
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=build-fuzz/%)
FUZZ_SECONDS ?= 0

.PHONY: all deps test test-run check demo bench crashtest lint fuzz install clean

all: $(BUILD)/crest

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(CREST_CFLAGS) -MMD -MP -c -o $@ $<

$(LIB): $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(CLI_LIB): $(filter-out $(MAIN_OBJ),$(CLI_OBJ))
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/crest: $(MAIN_OBJ) $(CLI_LIB) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $(MAIN_OBJ) $(CLI_LIB) $(LIB) $(LDLIBS_CREST)

$(BUILD)/tests/test-%: tests/unit/test-%.c $(CLI_LIB) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(CREST_CFLAGS) -MMD -MP $(LDFLAGS) -o $@ $< \
		$(CLI_LIB) $(LIB) \
		-lcmocka $(LDLIBS_CREST)

$(BUILD)/tests/helpers/%: tests/helpers/%.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(CREST_CFLAGS) -MMD -MP $(LDFLAGS) -o $@ $< $(LIB) \
		$(LDLIBS_CREST)

deps:
	@sh tests/deps.sh

test: deps
	@$(MAKE) --no-print-directory test-run

test-run: $(BUILD)/crest $(UNIT_BIN) $(HELPER_BIN)
	@BUILD=$(BUILD) SANITIZE=$(SANITIZE) CREST=$(CURDIR)/$(BUILD)/crest sh tests/run.sh $(T)

check: deps
	@$(MAKE) --no-print-directory BUILD=build-check SANITIZE=1 test-run

demo: deps
	@$(MAKE) --no-print-directory all
	@CREST=$(CURDIR)/$(BUILD)/crest bash tests/demo.sh

bench: deps
	@$(MAKE) --no-print-directory all
	@CREST=$(CURDIR)/$(BUILD)/crest bash tests/bench/run.sh
	@bash tests/bench/lab-scale.sh $${BENCH_LAB_SCALE:-200}
	@CREST=$(CURDIR)/$(BUILD)/crest bash tests/bench/playbook.sh

crashtest: deps
	@$(MAKE) --no-print-directory all
	@CREST=$(CURDIR)/$(BUILD)/crest nice -n 10 bash tests/crash/run.sh

lint: $(LIB_OBJ) $(CLI_OBJ)
	python3 tests/lint/deps.py $(LIB_OBJ) $(CLI_OBJ)
	clang-format --dry-run --Werror $(CLI_SRC) $(LIB_SRC) \
		$(SRC_H) \
		$(UNIT_SRC) $(FUZZ_SRC) $(HELPER_SRC)
	cppcheck --quiet --error-exitcode=1 --inline-suppr \
		--enable=warning,performance,portability \
		--suppress=missingIncludeSystem -D__GNUC__ -D_GNU_SOURCE \
		--library=tests/jansson.cfg \
		-Iorchestrator -I. \
		orchestrator modules inventory tests/unit tests/fuzz tests/helpers

build-fuzz/fuzz-%: tests/fuzz/fuzz-%.c $(LIB_SRC)
	@mkdir -p $(dir $@)
	clang -g -O1 -fsanitize=fuzzer,address,undefined $(filter-out -Werror,$(CREST_CFLAGS)) \
		-o $@ $< $(LIB_SRC) $(LDLIBS_CREST)

fuzz: $(FUZZ_BIN)
	@for f in $(FUZZ_BIN); do \
		if [ "$(FUZZ_SECONDS)" -gt 0 ]; then \
			mkdir -p $$f.corpus; \
			$$f -max_total_time=$(FUZZ_SECONDS) $$f.corpus \
				tests/fuzz/corpus/$${f#build-fuzz/fuzz-} || exit 1; \
		fi; \
	done

install: $(BUILD)/crest
	install -d $(DESTDIR)$(BINDIR)
	install -m 755 $(BUILD)/crest $(DESTDIR)$(BINDIR)/crest
	if [ -f docs/crest.1 ]; then \
		install -d $(DESTDIR)$(MANDIR)/man1; \
		install -m 644 docs/crest.1 $(DESTDIR)$(MANDIR)/man1/crest.1; \
	fi

clean:
	rm -rf build build-check build-fuzz

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
