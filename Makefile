# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium

.PHONY: run test screenshots lint lock chromium redis apt clean

# A development .env (DEBUG=1); production sets real environment variables instead.
.env:
	cp .env.example .env

$(VENV)/.installed: pyproject.toml requirements.lock .env
	@command -v msgfmt >/dev/null || $(MAKE) --no-print-directory apt PACKAGES=gettext
	@# WeasyPrint renders PDFs with Pango (the fonts themselves are vendored).
	@/sbin/ldconfig -p | grep -q libpangoft2-1.0 || \
	  $(MAKE) --no-print-directory apt PACKAGES="libpango-1.0-0 libpangoft2-1.0-0"
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

# Compiled translations are build products, not sources: rebuilt when a .po changes.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))
locale/%.mo: locale/%.po
	msgfmt --check-format -o $@ $<

# Debian packages, installed with apt-get (as root, or through sudo).
apt:
	SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	$$SUDO apt-get update -qq && \
	DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $(PACKAGES)

run: $(VENV)/.installed $(MO_FILES)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_reference_data
	$(PY) manage.py load_demo
	@echo "Serving the portal on http://127.0.0.1:$(PORT)/ (admin: http://127.0.0.1:$(PORT)/admin/)"
	@# The report worker runs beside the web server and stops with it.
	$(PY) manage.py db_worker --no-startup-delay & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# Debian's Chromium drives the browser tests; Playwright's own download is not used.
# pdftotext (poppler-utils) reads the reports the browser journeys produce.
chromium:
	@test -x $(CHROMIUM) || $(MAKE) --no-print-directory apt PACKAGES=chromium
	@command -v pdftotext >/dev/null || $(MAKE) --no-print-directory apt PACKAGES=poppler-utils

# Debian's redis-server: the report-job tests run on the RQ backend too, on a server
# of their own (tests/redis.py).
redis:
	@command -v redis-server >/dev/null || $(MAKE) --no-print-directory apt PACKAGES=redis-server

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/djlint templates --lint
	$(VENV)/bin/mypy

# pytest exits 5 when it collects no tests: that is a failure too, said plainly.
# The whole suite runs on two processes (pytest-xdist), in two rounds: the browser
# journeys empty the database between tests (transactional), so they never share a
# process with the tests that keep their data in a transaction. PYTEST_ARGS: one run.
XDIST ?= -n 2 --dist loadfile
test: $(VENV)/.installed $(MO_FILES) chromium redis lint
ifeq ($(strip $(PYTEST_ARGS)),)
	$(PY) -m pytest $(XDIST) -m "not browser"
	$(PY) -m pytest $(XDIST) -m browser
else
	$(PY) -m pytest $(PYTEST_ARGS) || { rc=$$?; [ $$rc = 5 ] && echo "pytest collected no tests" >&2; exit $$rc; }
endif

# Every page of every demo role, in Chromium at 1366 and 390 px, saved as PNGs to look at
# (the same walk `make test` runs, failing on what a person could not see or use).
SCREENSHOTS ?= var/screenshots
screenshots: $(VENV)/.installed $(MO_FILES) chromium
	mkdir -p $(SCREENSHOTS) && rm -f $(SCREENSHOTS)/*.png
	SCREENSHOTS=$(abspath $(SCREENSHOTS)) $(PY) -m pytest tests/browser/test_every_page.py $(PYTEST_ARGS); \
	rc=$$?; echo "Screenshots: $(abspath $(SCREENSHOTS))/<role>-<page>-<width>.png"; exit $$rc

# Regenerate the full pinned tree after changing pyproject.toml.
lock:
	rm -rf /tmp/gcm-lock-venv && $(PYTHON) -m venv /tmp/gcm-lock-venv
	/tmp/gcm-lock-venv/bin/pip install --quiet --disable-pip-version-check ".[dev]"
	{ echo "# The whole dependency tree, pinned. Regenerate with \`make lock\` after editing pyproject.toml."; \
	  /tmp/gcm-lock-venv/bin/pip freeze --exclude gcm-review-portal; } > requirements.lock
	rm -rf /tmp/gcm-lock-venv

clean:
	rm -rf $(VENV) staticfiles
