# leaklab - build, test and run the goroutine leak lab.
# 'make help' lists the targets.

VERSION    := 0.1.0
PREFIX     ?= /usr/local
BUILD      ?= build
CC         ?= cc
PKG_CONFIG ?= pkg-config
GO         ?= go
LAB        ?= lab/01-cpu-leak.lab

CFLAGS   ?= -O2 -g
CFLAGS   += -std=c11 -Wall -Wextra -Wpedantic -Werror
CPPFLAGS += -D_GNU_SOURCE -DLEAKLAB_VERSION='"$(VERSION)"' \
            -DLEAKLAB_LIBEXECDIR='"$(PREFIX)/libexec/leaklab"' \
            -DLEAKLAB_DATADIR='"$(PREFIX)/share/leaklab"' \
            -DLEAKLAB_LOCALEDIR='"$(PREFIX)/share/locale"'
# Homebrew's curl is keg-only: let pkg-config find it (macOS; untested on a
# real Mac, see README).
ifeq ($(shell uname -s),Darwin)
export PKG_CONFIG_PATH := $(shell brew --prefix curl 2>/dev/null)/lib/pkgconfig:$(PKG_CONFIG_PATH)
endif
# Recursive (=) so pkg-config runs after the bootstrap may have installed them.
CURL_CFLAGS    = $(shell $(PKG_CONFIG) --cflags libcurl)
CURL_LIBS      = $(shell $(PKG_CONFIG) --libs libcurl)
CMOCKA_CFLAGS  = $(shell $(PKG_CONFIG) --cflags cmocka)
CMOCKA_LIBS    = $(shell $(PKG_CONFIG) --libs cmocka)
LDLIBS        += $(CURL_LIBS) -lm

# The server builds with any Go from 1.19 on, never fetching a toolchain or
# a module; Go 1.26 gets the goroutineleak profile's experiment, Go 1.27
# has it built in (scripts/go-env.sh asks the toolchain which).
GOENV = $$(sh scripts/go-env.sh $(GO))

ifeq ($(V),1)
Q :=
else
Q := @
endif

# One twin of the platform module: Linux's own calls, or only POSIX
# (macOS, the BSDs; PORTABLE=1 builds it on Linux so that path is tested).
ifeq ($(PORTABLE),1)
PLATFORM  := posix
BUILD     := build/portable
else ifeq ($(shell uname -s),Linux)
PLATFORM  := linux
else
PLATFORM  := posix
endif
SRCS      := $(filter-out src/platform_%.c,$(wildcard src/*.c)) src/platform_$(PLATFORM).c
OBJS      := $(SRCS:src/%.c=$(BUILD)/obj/%.o)
LIB_OBJS  := $(filter-out $(BUILD)/obj/main.o,$(OBJS))
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
GO_SRCS   := $(wildcard go-example/*.go) go-example/go.mod scripts/go-env.sh
# The Go programs do not depend on the C build's platform: always in
# build/ (the labs name build/shop), whatever BUILD is (portable, asan).
# The own-service example (lab 09) and the hunt's mystery shop (lab 10).
GO_PROGS  := build/shop build/mystery

.PHONY: all deps check-deps lab-deps lab lecture test test-all test-time unit valgrind gotest integration \
        integration-both portable-build portable-unit portable-integration fuzz-replay fuzz bench asan \
        install uninstall clean help pot pot-check exercises exercises-check hunt hunt-check img progress class

# Translations (GNU gettext): po/LANG.po compiled into build/locale, where
# build/leaklab (and build/portable/leaklab) find it; 'make pot' after
# changing a message, then msgmerge updates each po/LANG.po.
LINGUAS   := $(basename $(notdir $(wildcard po/*.po)))
MOS       := $(LINGUAS:%=build/locale/%/LC_MESSAGES/leaklab.mo)
SH_MSGS   := scripts/exercises.sh scripts/hunt-check.sh scripts/bootstrap.sh scripts/lab-start.sh \
             scripts/lecture.sh
all: $(BUILD)/leaklab build/leakserver $(GO_PROGS) $(MOS)

build/locale/%/LC_MESSAGES/leaklab.mo: po/%.po
	@mkdir -p $(@D)
	@[ "$(Q)" = "" ] || echo "  MSGFMT  $<"
	$(Q)msgfmt --check -o $@ $<

# The messages of the sources, into $(1) (a .pot): C, then the scripts.
xgettext_into = xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ --keyword=P_:1c,2 \
		--keyword=_n:1,2 --keyword=ngettext:1,2 --keyword=errorf --keyword=warnf --keyword=notef \
		--keyword=msg_more --keyword=msg_print --keyword=msg_help --keyword=set_error:3 \
		--flag=errorf:1:c-format --flag=warnf:1:c-format --flag=notef:1:c-format \
		--flag=msg_more:1:c-format --flag=msg_print:1:c-format --flag=_n:1:c-format --flag=_n:2:c-format \
		--add-comments=TRANSLATORS: --package-name=leaklab \
		--package-version=$(VERSION) --msgid-bugs-address=none --sort-by-file \
		-o $(1) src/*.c src/*.h && \
	xgettext --from-code=UTF-8 --language=Shell --keyword=gettext --keyword=eval_gettext \
		--keyword=ngettext:1,2 --keyword=eval_ngettext:1,2 --add-comments=TRANSLATORS: \
		--sort-by-file -j -o $(1) $(SH_MSGS)

pot:
	$(Q)$(call xgettext_into,po/leaklab.pot)
	$(Q)for po in po/*.po; do msgmerge -q --update --backup=none --no-fuzzy-matching $$po po/leaklab.pot; done
	@echo "po/leaklab.pot: $$(grep -c '^msgid ' po/leaklab.pot) messages"

# Every message of today's sources translated in every po/LANG.po (make
# test: a new message without its translation fails here).
pot-check:
	$(Q)mkdir -p build && $(call xgettext_into,build/leaklab.pot)
	$(Q)for po in po/*.po; do msgcmp $$po build/leaklab.pot || { \
		echo "$$po lacks the translations above: make pot, then translate them" >&2; exit 1; }; done
	$(Q)echo "pot-check: $$(grep -c '^msgid ' build/leaklab.pot) messages, each translated in $(LINGUAS)"

$(BUILD)/obj/%.o: src/%.c $(wildcard src/*.h) Makefile
	@mkdir -p $(@D)
	@[ "$(Q)" = "" ] || echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(CURL_CFLAGS) -c -o $@ $<

$(BUILD)/leaklab: $(OBJS)
	@[ "$(Q)" = "" ] || echo "  LINK    $@"
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(OBJS) $(LDLIBS)

# The Go programs live in build/; asked for by name in another BUILD
# (make BUILD=/tmp/x /tmp/x/leakserver), they are built there too.
GO_DIRS := $(sort build $(BUILD))

$(GO_DIRS:%=%/leakserver): $(GO_SRCS)
	@mkdir -p $(@D)
	@[ "$(Q)" = "" ] || echo "  GO      $@"
	$(Q)env $(GOENV) sh -c 'cd go-example && exec "$$0" build -o "$$1" .' $(GO) $(abspath $@)

$(GO_DIRS:%=%/shop): $(wildcard go-example/shop/*.go)
$(GO_DIRS:%=%/mystery): $(wildcard go-example/mystery/*.go)
$(GO_DIRS:%=%/shop) $(GO_DIRS:%=%/mystery): go-example/go.mod scripts/go-env.sh
	@mkdir -p $(@D)
	@[ "$(Q)" = "" ] || echo "  GO      $@"
	$(Q)env $(GOENV) sh -c 'cd go-example && exec "$$0" build -o "$$1" "./$$2"' $(GO) $(abspath $@) $(@F)

$(BUILD)/tests/test_%: tests/unit/test_%.c $(LIB_OBJS)
	@mkdir -p $(@D)
	@[ "$(Q)" = "" ] || echo "  CC      $@"
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -Isrc $(CURL_CFLAGS) $(CMOCKA_CFLAGS) \
		$(LDFLAGS) -o $@ $< $(LIB_OBJS) $(CMOCKA_LIBS) $(LDLIBS)

# Install what is missing (apt-get, dnf or brew); quiet when all is there.
# 'make deps' installs what the tests need too; 'make lab' only what a lab needs.
deps:
	$(Q)sh scripts/bootstrap.sh --test

# What the tests need, checked, never installed: one line naming 'make deps'
# (valgrind and chromium are not needed: their tests say skip without them).
check-deps:
	$(Q)sh scripts/bootstrap.sh --check

# make lab LANGUAGE=pt_BR (or LANGUAGE in the environment): every command
# and script below speaks Portuguese. gettext heeds LANGUAGE only under a
# locale other than C, so where LANG is unset or C, C.UTF-8 (on every
# machine) is given to the recipes. LC_ALL=C still means English.
ifneq ($(filter pt%,$(LANGUAGE)),)
ifeq ($(strip $(LC_ALL)),)
ifeq ($(filter-out C POSIX,$(or $(LC_MESSAGES),$(LANG),C)),)
export LANG := C.UTF-8
export LC_MESSAGES :=
endif
endif
endif

# make lab STUDENT="Ana Souza": the run records who ran it (the class view).
lab: lab-deps
	$(Q)$(MAKE) --no-print-directory -s all
	$(Q)sh scripts/lab-start.sh $(LAB)
	$(Q)if [ -n "$$STUDENT" ]; then LEAKLAB_STUDENT=$$STUDENT; export LEAKLAB_STUDENT; fi; \
		$(BUILD)/leaklab run $(LAB)

lecture: lab-deps
	$(Q)$(MAKE) --no-print-directory -s all
	$(Q)sh scripts/lecture.sh

lab-deps:
	$(Q)sh scripts/bootstrap.sh

# The PNG charts of README.md and the worksheets, from the lecture's runs.
img:
	$(Q)[ -d out/lecture/runs ] || $(MAKE) --no-print-directory lecture
	$(Q)sh scripts/worksheet-img.sh

# Every test, several parts at once (tests/parts.sh), each part's time at
# the end: the longest part (the integration tests) starts first and the
# others run beside it. The portable build (what macOS and the BSDs get)
# runs all its unit tests and the integration tests whose code differs
# there (the platform module: the program's tree, timers, children, the
# terminal).
# test-all (CI): every integration test on both builds, every Go required.
# Targets make help leaves out: steps of others.
HELP_HIDDEN := help lab-deps check-deps portable-build portable-unit portable-integration integration-both hunt-check
TEST_BUILDS = all $(if $(filter linux,$(PLATFORM)),portable-build)
test: check-deps
	$(Q)$(MAKE) --no-print-directory -s -j2 $(TEST_BUILDS)
	$(Q)sh tests/parts.sh $(if $(filter linux,$(PLATFORM)),integration-both,integration)+unit+valgrind+fuzz-replay+gotest+exercises-check$(if $(filter linux,$(PLATFORM)),+portable-unit)

test-all: check-deps
	$(Q)$(MAKE) --no-print-directory -s -j2 $(TEST_BUILDS)
	$(Q)LEAKLAB_ALL_GO=1 STRICT=1 sh tests/parts.sh \
		unit+valgrind+fuzz-replay+gotest+exercises-check$(if $(filter linux,$(PLATFORM)),+portable-unit) \
		integration$(if $(filter linux,$(PLATFORM)), portable-integration)

# The time of each part of make test, and the whole (also in make bench).
test-time:
	$(Q)sh scripts/bench.sh test

# Only leaklab: the Go programs are shared (always in build/).
portable-build:
	$(Q)$(MAKE) --no-print-directory -s PORTABLE=1 build/portable/leaklab

portable-unit: portable-build
	$(Q)$(MAKE) --no-print-directory -s PORTABLE=1 unit

portable-integration: portable-build
	$(Q)$(MAKE) --no-print-directory -s PORTABLE=1 integration

unit: $(UNIT_BINS)
	$(Q)fail=0; for t in $(UNIT_BINS); do $$t || fail=1; done; exit $$fail

# The parser and the collector under valgrind: no leak, no bad read.
valgrind: $(BUILD)/tests/test_schedtrace $(BUILD)/tests/test_collector
	$(Q)if command -v valgrind >/dev/null; then \
		for t in $^; do valgrind -q --leak-check=full --errors-for-leak-kinds=all \
			--error-exitcode=9 $$t >/dev/null || exit 1; done; \
		echo "valgrind: $(notdir $^): no errors, no leaks"; \
	else echo "skip: valgrind is not installed (make deps installs it)"; fi

# gofmt, go vet and go test with every Go toolchain here (1.19, local, 1.27).
gotest:
	$(Q)sh scripts/gotest.sh

# Every integration test with this build (INTEGRATION=t_run... for some).
integration: all
	$(Q)LEAKLAB="$${LEAKLAB:-$(CURDIR)/$(BUILD)/leaklab}" sh tests/integration/run.sh $(INTEGRATION)

# Every integration test with the Linux build and, in the same pool, the
# platform's tests with the portable one.
integration-both: all portable-build
	$(Q)LEAKLAB=$(CURDIR)/build/leaklab sh tests/integration/run.sh -j $${LEAKLAB_JOBS:-4} --also $(CURDIR)/build/portable/leaklab $(INTEGRATION)

# Fix-it exercises: progress, the next one to fix, its first hint.
# ARGS=-l lists them, ARGS="-n 2" shows hint 2, ARGS="-v 04" the test's words.
# Exit 0 only when all pass; with an exercise named (ARGS="-v 04"), when
# that one passes. Each run records out/exercises.tsv (STUDENT=... who).
exercises:
	$(Q)if [ -n "$$STUDENT" ]; then LEAKLAB_STUDENT=$$STUDENT; export LEAKLAB_STUDENT; fi; \
		GO="$(GO)" sh scripts/exercises.sh $(ARGS)

# Every exercise red as shipped and green with its solution, per Go toolchain.
exercises-check:
	$(Q)GO="$(GO)" sh tests/exercises-check.sh

# The leak hunt: make hunt VARIANT=N runs lab 10 on mystery variant N;
# make hunt-check VARIANT=N ANSWER="kind=... endpoint=... function=... condition=..."
# says right or wrong, never the answer, and adds a row (never the
# answer's words) to hunt-check.tsv in out/10-hunt-latest/. The run keeps
# the variant in its lab as run (env = MYSTERY_VARIANT=N) for make progress.
VARIANT ?= 1
hunt: lab-deps
	$(Q)$(MAKE) --no-print-directory -s all
	$(Q)if [ -n "$$STUDENT" ]; then LEAKLAB_STUDENT=$$STUDENT; export LEAKLAB_STUDENT; fi; \
		MYSTERY_VARIANT=$(VARIANT) $(BUILD)/leaklab run lab/10-hunt.lab --set env=MYSTERY_VARIANT=$(VARIANT)

hunt-check:
	$(Q)sh scripts/hunt-check.sh "$(VARIANT)" "$(ANSWER)"

# The course at a glance: each lab met or not, the hunt, the exercises,
# the next step (reads out/ only; OUT=DIR for other runs).
progress: $(BUILD)/leaklab
	$(Q)$(BUILD)/leaklab progress $(OUT)

# The class view for the instructor: every run below DIR (a shared folder,
# the students' repositories, copies of their out/; default out) on one
# page, out/class/index.html, with class.tsv and class.pdf (OUT=DIR elsewhere).
class: $(BUILD)/leaklab
	$(Q)$(BUILD)/leaklab class $(or $(DIR),out) $(if $(OUT),-o "$(OUT)")

fuzz-replay:
	$(Q)[ ! -f tests/fuzz/Makefile.inc ] || $(MAKE) --no-print-directory -f Makefile -f tests/fuzz/Makefile.inc fuzz-replay-run

fuzz:
	$(Q)sh scripts/bootstrap.sh --fuzz
	$(Q)$(MAKE) --no-print-directory -f Makefile -f tests/fuzz/Makefile.inc fuzz-run

bench: all
	$(Q)sh scripts/bootstrap.sh --bench
	$(Q)sh scripts/bench.sh

# Unit and integration tests under AddressSanitizer (leaks included) and
# UBSan, in a build tree of their own.
ASAN_FLAGS = BUILD=build/asan \
	CFLAGS="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all" \
	LDFLAGS="-fsanitize=address,undefined"
asan: all
	$(Q)$(MAKE) --no-print-directory $(ASAN_FLAGS) unit build/asan/leaklab
	$(Q)LEAKLAB=$(CURDIR)/build/asan/leaklab sh tests/integration/run.sh

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/libexec/leaklab $(DESTDIR)$(PREFIX)/share/leaklab/lab
	install -m 755 $(BUILD)/leaklab $(DESTDIR)$(PREFIX)/bin/leaklab
	install -m 755 build/leakserver build/shop build/mystery $(DESTDIR)$(PREFIX)/libexec/leaklab/
	install -m 644 lab/*.lab $(DESTDIR)$(PREFIX)/share/leaklab/lab/
	install -d $(DESTDIR)$(PREFIX)/share/leaklab/lab/hunt
	install -m 644 lab/hunt/* $(DESTDIR)$(PREFIX)/share/leaklab/lab/hunt/
	for l in $(LINGUAS); do \
		install -d $(DESTDIR)$(PREFIX)/share/locale/$$l/LC_MESSAGES && \
		install -m 644 build/locale/$$l/LC_MESSAGES/leaklab.mo $(DESTDIR)$(PREFIX)/share/locale/$$l/LC_MESSAGES/; \
	done

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/leaklab
	rm -rf $(DESTDIR)$(PREFIX)/libexec/leaklab $(DESTDIR)$(PREFIX)/share/leaklab
	for l in $(LINGUAS); do rm -f $(DESTDIR)$(PREFIX)/share/locale/$$l/LC_MESSAGES/leaklab.mo; done

clean:
	rm -rf build

help:
	@echo "leaklab $(VERSION): make targets"
	@echo "  make, make all    build build/leaklab, build/leakserver, build/shop, build/mystery"
	@echo "  make lab          install what a lab needs, build, run $(LAB) (LAB=lab/NN-name.lab)"
	@echo "  make test         every test, in about 5 minutes (never installs anything: see make deps)"
	@echo "  make test-all     every test on both builds with every Go (what CI runs)"
	@echo "  make test-time    how long each part of make test takes"
	@echo "  make deps         install what is missing for the labs and the tests (apt-get, dnf or brew)"
	@echo "  make unit         the C unit tests (cmocka)"
	@echo "  make valgrind     the parser's and the collector's unit tests under valgrind"
	@echo "  make gotest       gofmt, go vet and go test of go-example with every Go toolchain here"
	@echo "  make integration  the integration tests (INTEGRATION=\"t_run t_drive\" for some)"
	@echo "  make exercises    fix-it exercises: progress and the next hint (ARGS=-l, ARGS=\"-v 04\")"
	@echo "  make exercises-check  every exercise red as shipped and green with its solution"
	@echo "  make hunt         the leak hunt, lab 10 (VARIANT=N); make hunt-check VARIANT=N ANSWER=\"...\""
	@echo "  make progress     the course at a glance: labs met, the hunt, the exercises, the next step"
	@echo "  make class        the class view: every student's runs below DIR=... on one page, a table, slides"
	@echo "  make lecture      run every lab and write slide charts to out/lecture/"
	@echo "  make img          redraw worksheets/img/ (the PNGs the docs show) from the lecture's runs"
	@echo "  make bench        speed measurements against references (awk, wrk) and the test suite's time"
	@echo "  make asan         unit and integration tests under AddressSanitizer + UBSan"
	@echo "  make fuzz         fuzz the parsers for a bounded time (clang, libFuzzer)"
	@echo "  make fuzz-replay  replay the fuzz corpus under ASan (part of make test)"
	@echo "  make pot          regenerate po/leaklab.pot from the sources and merge it into po/*.po"
	@echo "  make pot-check    every message of the sources translated in po/*.po (part of make test)"
	@echo "  make install      install to PREFIX=$(PREFIX) (DESTDIR honoured)"
	@echo "  make uninstall    remove what make install put there"
	@echo "  make clean        remove build/ (out/ keeps your runs)"
	@echo "  PORTABLE=1        build the portable POSIX twin (what macOS and the BSDs get)"
	@echo "  V=1               show full commands"
