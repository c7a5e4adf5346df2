# One command to serve, one to test. Everything installs into the project folder from pinned versions.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test lint typecheck unit bench clean deps dev-deps browser

serve: deps ## Install what is needed and serve the site on http://127.0.0.1:8000
	$(BIN)/mkdocs serve --dirty --no-strict --dev-addr 127.0.0.1:8000

build: deps ## Write the static site into site/
	$(BIN)/mkdocs build

test: dev-deps browser ## Install everything and run the linters and every test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	node_modules/.bin/biome check
	$(BIN)/pytest

bench: dev-deps browser bench/lighthouse/node_modules/.installed ## Print the benchmark figures (takes several minutes)
	$(BIN)/mkdocs build
	$(BIN)/python bench/engine_speed.py
	$(BIN)/python bench/cli_speed.py
	$(BIN)/python bench/selfcheck_load.py
	$(BIN)/python bench/scale.py 10 100 1000
	$(BIN)/python bench/lighthouse.py
	$(BIN)/python bench/serve_edit.py 1000
	$(BIN)/python bench/match_speed.py 1000

# Lighthouse is only for `make bench`: it has its own pinned package folder, so `make serve` never installs it.
bench/lighthouse/node_modules/.installed: bench/lighthouse/package.json bench/lighthouse/package-lock.json
	npm ci --prefix bench/lighthouse --no-audit --no-fund --loglevel=error
	touch $@

# Bytecode is written ahead, so the command line starts fast even where PYTHONDONTWRITEBYTECODE is set.
deps: $(VENV)/.runtime node_modules/.installed
	@$(BIN)/python -m compileall -q trialsite

dev-deps: deps $(VENV)/.dev

$(VENV)/.runtime: requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# System programs for the tests: Chromium for the browser tests, nginx (with brotli_static) for the deployment test.
# As root with apt-get: Debian's packages, installed when missing. Elsewhere: Playwright's own Chromium, and the
# deployment test is skipped without nginx.
NGINX_BROTLI := /usr/lib/nginx/modules/ngx_http_brotli_static_module.so
browser: $(VENV)/.dev
	@missing=""; \
	if [ -z "$$TRIALSITE_CHROMIUM" ] && ! command -v chromium >/dev/null 2>&1; then missing="chromium"; fi; \
	if ! [ -x /usr/sbin/nginx ] || ! [ -f $(NGINX_BROTLI) ]; then missing="$$missing nginx libnginx-mod-http-brotli-static"; fi; \
	if [ -z "$$missing" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	else \
		case "$$missing" in *chromium*) $(BIN)/playwright install chromium;; esac; \
		case "$$missing" in *nginx*) echo "nginx is not installed: the deployment test will be skipped";; esac; \
	fi

clean:
	rm -rf site .pytest_cache .mypy_cache .ruff_cache
