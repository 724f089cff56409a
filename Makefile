# goald: `make run` starts goald on the built-in plan; `make test` runs every test.
# Both install what the build needs first (Debian packages, as root), so they work on a fresh Debian 12 machine.

SWIFT      ?= swift
# Release builds: goalctl links the Swift runtime statically (see Package.swift), goald the shared libraries.
RELEASE    := -c release
RUN_DIR    ?= .run
SOCKET     ?= $(RUN_DIR)/goald.sock
HTTP       ?= 127.0.0.1:9464
APT_PACKAGES := libsystemd-dev libsqlite3-dev libxml2-dev zlib1g-dev pkg-config python3
TEST_PACKAGES := chromium poppler-utils prometheus curl python3-openpyxl gnumeric python3-jsonschema
# The benchmark tools are C: the system compiler, else the clang that comes with Swift.
BENCH_CC   ?= $(shell command -v cc 2>/dev/null || command -v clang 2>/dev/null)
BENCH_DIR   = .build/bench

PREFIX     ?= /usr/local
DESTDIR    ?=
BINDIR      = $(PREFIX)/bin
UNITDIR     = $(PREFIX)/lib/systemd/system
SYSUSERSDIR = $(PREFIX)/lib/sysusers.d
CATALOGDIR  = $(PREFIX)/lib/systemd/catalog
MANDIR      = $(PREFIX)/share/man
BASHDIR     = $(PREFIX)/share/bash-completion/completions
ZSHDIR      = $(PREFIX)/share/zsh/site-functions
FISHDIR     = $(PREFIX)/share/fish/vendor_completions.d
CONFDIR    ?= /etc/goald

.PHONY: all deps test-deps report-screenshot man format build release run test test-python test-fuzz test-systemd bench bench-tools bench-smoke bench-smoke-run install uninstall clean help

all: build

help:
	@echo "make run      build release and start goald in the foreground on $(SOCKET)"
	@echo "make test     build and run every test"
	@echo "make bench    release build, then the benchmarks; writes docs/benchmarks.md (about 4 minutes)"
	@echo "make build    debug build"
	@echo "make release  release build"
	@echo "make install  install binaries, systemd units, sysusers, catalog, man pages, completions (PREFIX, DESTDIR)"
	@echo "make uninstall  remove what make install put in place (the configuration and the store stay)"
	@echo "make clean    remove build output and $(RUN_DIR)"
	@echo "make man      rewrite the committed man pages (docs/man) from the programs' help"
	@echo "make report-screenshot  redraw docs/report-2024-annual.png (the sample's report, by headless Chromium)"
	@echo "make format   format Sources, Tests and Package.swift with swift format (.swift-format: 120 columns)"

# Installs the Debian packages the build needs when one is missing; without root, says what to install.
# $(call apt-install,PACKAGES): installs the Debian packages missing from PACKAGES (as root), else says what to install.
define apt-install
	@missing=""; \
	for p in $(1); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "error: missing Debian packages:$$missing"; echo "install them with: sudo apt-get install$$missing"; exit 1; \
	  fi; \
	fi
endef

deps:
	@command -v $(SWIFT) >/dev/null || { echo "error: Swift 6 is not on PATH (https://swift.org/install)"; exit 1; }
	$(call apt-install,$(APT_PACKAGES))

# What the tests need beyond the build: headless Chromium opens the report (print to PDF, screenshot).
test-deps: deps
	$(call apt-install,$(TEST_PACKAGES))

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build $(RELEASE)

SAMPLE     ?= docs/samples/synthetic-trips-2019-2025.csv
SAMPLE_FOLLOW_UP ?= docs/samples/synthetic-follow-up.py

# goald in the foreground on the built-in model (the region, RUN's plan); the synthetic travel sample is imported once it answers
# (again on each run: importing the same file twice adds nothing), and the synthetic 2024–2025 follow-up is
# recorded into a store that has none yet.
run: release
	@mkdir -p $(RUN_DIR)
	@bin=$$($(SWIFT) build $(RELEASE) --show-bin-path); \
	$$bin/goald --socket $(SOCKET) --state-dir $(RUN_DIR)/state --http $(HTTP) & pid=$$!; \
	trap 'kill -TERM $$pid 2>/dev/null; wait $$pid; exit 0' INT TERM; \
	for i in $$(seq 1 100); do \
	  kill -0 $$pid 2>/dev/null || { wait $$pid; exit $$?; }; \
	  $$bin/goalctl --socket $(SOCKET) health >/dev/null 2>&1 && break; sleep 0.1; \
	done; \
	echo "importing the synthetic sample trips ($(SAMPLE)):"; \
	$$bin/goalctl --socket $(SOCKET) travel import $(SAMPLE); \
	python3 $(SAMPLE_FOLLOW_UP) --goalctl $$bin/goalctl --socket $(SOCKET) --if-empty; \
	echo ""; \
	$$bin/goalctl --socket $(SOCKET) committees; \
	echo ""; \
	echo "goald is serving on $(SOCKET) with the built-in model: Region Värmland, its eight committees, RUN's plan."; \
	echo "Live status in a browser: open this link once (it lets this browser in; http://$(HTTP)/region is the region):"; \
	echo "  $$($$bin/goalctl --socket $(SOCKET) http-login)"; \
	echo "  (Prometheus metrics at http://$(HTTP)/metrics, with the secret of goalctl http-login --token)"; \
	echo "In another terminal, try:"; \
	echo "  export GOALD_SOCKET=$(SOCKET) PATH=$$bin:\$$PATH"; \
	echo "  goalctl health"; \
	echo "  goalctl goals"; \
	echo "  goalctl status"; \
	echo "  goalctl status --period 2025-annual --compare 2024-annual"; \
	echo "  goalctl committees"; \
	echo "  goalctl region status --period 2025-annual"; \
	echo "  goalctl report --region --period 2025-annual --output region-2025.html"; \
	echo "  goalctl report --period 2024-annual --output uppfoljning-2024.html"; \
	echo "  goalctl travel reduction --unit 'Regional utveckling'"; \
	echo "  goalctl travel reduction --json | jq .likeForLike.reductionPercent"; \
	echo "  goalctl travel explain"; \
	echo "  goalctl goals --json"; \
	echo "Stop goald with Ctrl-C."; \
	echo ""; \
	wait $$pid

# make test builds once, optimised as goald ships: the Swift tests, the Python tests, the fuzzer, the benchmark's
# smoke run and the systemd tests (whose `make install` finds it built) all use that one build.
# `make test TEST_CONFIG=debug` runs the same on a debug build (the million fuzzed frames then take minutes).
TEST_CONFIG ?= release
TEST_BIN = $$($(SWIFT) build -c $(TEST_CONFIG) --show-bin-path)

test: test-deps
	$(SWIFT) build -c $(TEST_CONFIG) --build-tests
	GOALD_BIN_DIR=$(TEST_BIN) $(SWIFT) test -c $(TEST_CONFIG) --skip-build
	$(MAKE) --no-print-directory -j4 --output-sync=target test-python test-fuzz bench-smoke-run test-systemd

# Parts of make test, run side by side by it once the Swift tests have passed (the fuzzer takes one core for half a
# minute; the Python tests, the benchmark's smoke run and the systemd tests mostly wait for goald, Chromium and
# systemd); each needs make test's build. Each prints its output whole, when it ends.
test-python:
	GOALD_BIN_DIR=$(TEST_BIN) bash Tests/python/run.sh

test-fuzz:
	$(TEST_BIN)/goald-fuzz 1000000

# docs/report-2024-annual.png and docs/live-page.png: the synthetic sample's 2024-annual report and the live status
# page (2025-annual), as headless Chromium draws them.
report-screenshot: test-deps
	$(SWIFT) build
	@bin=$$($(SWIFT) build --show-bin-path); dir=$$(mktemp -d); port=19473; \
	TZ=Europe/Stockholm $$bin/goald --socket $$dir/s --state-dir $$dir/state --http 127.0.0.1:$$port 2>/dev/null & pid=$$!; \
	for i in $$(seq 1 100); do $$bin/goalctl --socket $$dir/s health >/dev/null 2>&1 && break; sleep 0.1; done; \
	$$bin/goalctl --socket $$dir/s travel import $(SAMPLE) >/dev/null && \
	python3 $(SAMPLE_FOLLOW_UP) --goalctl $$bin/goalctl --socket $$dir/s && \
	$$bin/goalctl --socket $$dir/s report --period 2024-annual --output $$dir/report.html && \
	chromium --headless --no-sandbox --disable-gpu --user-data-dir=$$dir/profile --hide-scrollbars \
	  --window-size=1000,7000 --screenshot=docs/report-2024-annual.png file://$$dir/report.html 2>/dev/null && \
	chromium --headless --no-sandbox --disable-gpu --user-data-dir=$$dir/profile --hide-scrollbars \
	  --window-size=1000,1300 --screenshot=docs/live-page.png \
	  "$$($$bin/goalctl --socket $$dir/s http-login --path '/?period=2025-annual')" 2>/dev/null; \
	status=$$?; kill $$pid; wait $$pid; rm -rf $$dir; exit $$status

# The house style: swift format (in the toolchain) with .swift-format, 120 columns, 4 spaces.
format:
	$(SWIFT) format --in-place --recursive --parallel Sources Tests Package.swift

# docs/man/: goalctl.1, goald.8 and goald.conf.5 from the programs' own help and systemd/goald.conf. Committed,
# so that `make install` needs no toolchain; Tests/python/test_man_pages.py fails when they fall behind.
man: build
	python3 docs/man/generate-man-pages.py --bin $$($(SWIFT) build --show-bin-path) --out docs/man

# The load generator and the C echo server (the protocol's limit) that every benchmark uses.
bench-tools:
	@mkdir -p $(BENCH_DIR)
	$(BENCH_CC) -O2 -Wall -Wextra -Werror -o $(BENCH_DIR)/goald-loadgen Tests/Benchmarks/loadgen.c
	$(BENCH_CC) -O2 -Wall -Wextra -Werror -o $(BENCH_DIR)/goald-echo Tests/Benchmarks/echo-server.c
	$(BENCH_CC) -O2 -Wall -Wextra -Werror -o $(BENCH_DIR)/sqlite-limit Tests/Benchmarks/sqlite-limit.c -lsqlite3

# goald against the C limit and at scale (1 M and 10 M trips), beside SQLite's own limit and DuckDB (installed
# from PyPI by the benchmark when missing); writes docs/benchmarks.md.
bench: release bench-tools
	python3 Tests/Benchmarks/bench.py --bin $$($(SWIFT) build $(RELEASE) --show-bin-path) --tools $(BENCH_DIR) \
	  --out docs/benchmarks.md

# Every step of the benchmark at a tiny scale, on make test's build: part of `make test`, so the code keeps working.
bench-smoke:
	$(SWIFT) build -c $(TEST_CONFIG)
	$(MAKE) --no-print-directory bench-smoke-run

bench-smoke-run: bench-tools
	python3 Tests/Benchmarks/test_loadgen.py $(BENCH_DIR)
	python3 Tests/Benchmarks/bench.py --smoke --bin $(TEST_BIN) --tools $(BENCH_DIR) --out $(BENCH_DIR)/smoke.md

# goald as a systemd unit under a real systemd booted in a PID and mount namespace (needs root; skipped otherwise).
test-systemd:
	GOALD_BIN_DIR=$(TEST_BIN) bash Tests/systemd/run-systemd-tests.sh

install: release
	@bin=$$($(SWIFT) build $(RELEASE) --show-bin-path); \
	set -e; \
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(UNITDIR) $(DESTDIR)$(SYSUSERSDIR) $(DESTDIR)$(CATALOGDIR) \
	  $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(BASHDIR) $(DESTDIR)$(ZSHDIR) $(DESTDIR)$(FISHDIR) $(DESTDIR)$(CONFDIR); \
	install -m 0755 $$bin/goald $$bin/goalctl $$bin/goal-xlsx $(DESTDIR)$(BINDIR)/; \
	sed 's|@BINDIR@|$(BINDIR)|g' systemd/goald.service.in > $(DESTDIR)$(UNITDIR)/goald.service; \
	chmod 0644 $(DESTDIR)$(UNITDIR)/goald.service; \
	install -m 0644 systemd/goald.socket $(DESTDIR)$(UNITDIR)/goald.socket; \
	install -m 0644 systemd/goald-http.socket $(DESTDIR)$(UNITDIR)/goald-http.socket; \
	install -m 0644 systemd/goald.sysusers.conf $(DESTDIR)$(SYSUSERSDIR)/goald.conf; \
	install -m 0644 systemd/goald.catalog $(DESTDIR)$(CATALOGDIR)/goald.catalog; \
	[ -e $(DESTDIR)$(CONFDIR)/goald.conf ] || install -m 0644 systemd/goald.conf $(DESTDIR)$(CONFDIR)/goald.conf; \
	$$bin/goalctl --generate-completion-script bash > $(DESTDIR)$(BASHDIR)/goalctl; \
	$$bin/goalctl --generate-completion-script zsh > $(DESTDIR)$(ZSHDIR)/_goalctl; \
	$$bin/goalctl --generate-completion-script fish > $(DESTDIR)$(FISHDIR)/goalctl.fish; \
	install -m 0644 docs/man/goalctl.1 $(DESTDIR)$(MANDIR)/man1/goalctl.1; \
	install -m 0644 docs/man/goald.conf.5 $(DESTDIR)$(MANDIR)/man5/goald.conf.5; \
	install -m 0644 docs/man/goald.8 $(DESTDIR)$(MANDIR)/man8/goald.8; \
	echo "installed goald, goalctl and goal-xlsx (goalctl's Excel helper) in $(DESTDIR)$(BINDIR), units in $(DESTDIR)$(UNITDIR)"; \
	if [ -z "$(DESTDIR)" ] && [ -d /run/systemd/system ]; then \
	  systemd-sysusers $(SYSUSERSDIR)/goald.conf; journalctl --update-catalog; systemctl daemon-reload; \
	  echo "start it with: systemctl enable --now goald.socket"; \
	  echo "the HTTP side door (off until enabled): systemctl stop goald; systemctl enable --now goald-http.socket"; \
	else \
	  echo "then: systemd-sysusers; journalctl --update-catalog; systemctl daemon-reload; systemctl enable --now goald.socket"; \
	fi

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/goald $(DESTDIR)$(BINDIR)/goalctl $(DESTDIR)$(BINDIR)/goal-xlsx
	rm -f $(DESTDIR)$(UNITDIR)/goald.service $(DESTDIR)$(UNITDIR)/goald.socket $(DESTDIR)$(UNITDIR)/goald-http.socket
	rm -f $(DESTDIR)$(SYSUSERSDIR)/goald.conf $(DESTDIR)$(CATALOGDIR)/goald.catalog
	rm -f $(DESTDIR)$(MANDIR)/man1/goalctl.1 $(DESTDIR)$(MANDIR)/man5/goald.conf.5 $(DESTDIR)$(MANDIR)/man8/goald.8
	rm -f $(DESTDIR)$(BASHDIR)/goalctl $(DESTDIR)$(ZSHDIR)/_goalctl $(DESTDIR)$(FISHDIR)/goalctl.fish
	@echo "removed; $(CONFDIR)/goald.conf and the store in /var/lib/goald were left in place"

clean:
	rm -rf .build $(RUN_DIR)
