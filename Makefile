# Daymap — `make run` starts the app, `make test` runs every check. Both set everything up first.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
PACKAGE_STAMP := $(VENV)/.installed-package
PYTHON ?= python3

.PHONY: rules run test test-dates test-notifications test-accessibility test-fast lint benchmark benchmark-smoke screenshots package package-test crash-soak clean system-deps-run system-deps-test

run: system-deps-run $(STAMP)
	$(PY) main.py $(ARGS)

# The suite on every core; it notes which tests read the clock, for test-dates (tests/clock_log.py).
CLOCK_LOG := .pytest-clock
test: system-deps-test $(STAMP) lint
	rm -rf $(CLOCK_LOG)
	DAYMAP_CLOCK_LOG=$(CLOCK_LOG) QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -n auto
	$(MAKE) --no-print-directory test-notifications
	$(MAKE) --no-print-directory test-accessibility
	$(MAKE) --no-print-directory test-dates

# Reminders against a real notification daemon: dunst on a private D-Bus session bus under Xvfb.
test-notifications: $(STAMP)
	xvfb-run -a dbus-run-session -- sh -c 'dunst >/dev/null 2>&1 & sleep 1; \
		DAYMAP_NOTIFY_TEST=1 QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q tests/ui/shell/test_notifications.py'

# What a screen reader hears: the app on Xvfb, a private D-Bus session and the AT-SPI bus, read by Debian's pyatspi.
test-accessibility: $(STAMP)
	xvfb-run -a dbus-run-session -- sh -c '/usr/libexec/at-spi-bus-launcher --launch-immediately >/dev/null 2>&1 & \
		sleep 1; DAYMAP_ATSPI_TEST=1 $(PY) -m pytest -q tests/ui/shell/test_atspi.py'

# The tests that read the clock again on days that break date code: a Saturday night, a leap day,
# a year's last minutes. Which tests read it is what the last `make test` noted (else: all but the slow).
# Those that talk to a server the suite starts (Radicale, Dovecot) run once: the dates they hand the
# server come from the domain code these runs pin.
TEST_DATES := 2027-02-27T23:30:00 2028-02-29T12:00:00 2026-12-31T23:55:00
test-dates: $(STAMP)
	@$(PY) -m tests.clock_log $(CLOCK_LOG) > $(CLOCK_LOG).args
	@for when in $(TEST_DATES); do \
		echo "== the tests that read the clock as if it were $$when"; \
		DAYMAP_TEST_NOW=$$when QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -n auto @$(CLOCK_LOG).args || exit 1; \
	done

# The domain tests alone, without a QApplication: seconds, not minutes.
test-fast: $(STAMP)
	$(PY) -m pytest -q -m "not gui and not slow"

# The morning's statements compiled for the first read (a test fails until they are current).
rules: $(STAMP)
	$(PY) -m organizer.rules.compiler

lint: $(STAMP)
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports
	$(PY) -m mypy

benchmark: system-deps-test $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) benchmarks/run.py $(ARGS)
	$(PY) benchmarks/mail.py
	$(PY) benchmarks/caldav_sync.py

benchmark-smoke: system-deps-test $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) benchmarks/run.py --accounts 50
	$(PY) benchmarks/mail.py --accounts 50 --messages 200
	$(PY) benchmarks/caldav_sync.py --steps 20

screenshots: system-deps-test $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) scripts/screenshots.py

# The packaged app: dist/Daymap/ (PyInstaller onedir) and, on Debian/Ubuntu, dist/daymap_VERSION_ARCH.deb.
package: system-deps-test $(STAMP) $(PACKAGE_STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) packaging/make_icons.py build/icons
	$(VENV)/bin/pyinstaller --noconfirm --log-level WARN build.spec
	@if command -v dpkg-deb >/dev/null 2>&1; then packaging/build-deb.sh; else echo "no dpkg-deb: the .deb was not built"; fi
	@if [ "$$(uname)" = Darwin ]; then hdiutil create -volname Daymap -srcfolder dist/Daymap.app -ov -format UDZO dist/Daymap.dmg; fi

# Installs the .deb on this machine (root), runs it from a bare environment, removes it.
package-test: package
	$(PY) packaging/test_package.py

# The crash-safety soak: a writer killed with SIGKILL 50 times (the suite does 5).
crash-soak: $(STAMP)
	scripts/crash-soak --kills 50

system-deps-run:
	@scripts/system-deps.sh run

system-deps-test:
	@scripts/system-deps.sh test

$(PACKAGE_STAMP): pyproject.toml $(STAMP)
	$(PY) -m pip install -q -e ".[dev,package]"
	touch $(PACKAGE_STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[dev]"
	touch $(STAMP)

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
