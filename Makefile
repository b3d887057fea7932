# Partner Console — the two commands a new user needs are `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
STAGE  ?= dev
PACKAGE_DIR := build/package

export AWS_DEFAULT_REGION ?= eu-central-1

.PHONY: idp messages routes sdk openapi-lint run test lint unit unit-order api integration backends browser vendor infra-lint package upgrade-step bench backfill timeshift fuzz clean

# Create the virtualenv and install dependencies (with the SDK and the CLI from sdk/python and
# cli/, editable); skipped while requirements are unchanged.
# (chalice pins pip<26.3, so pip is deliberately not upgraded.)
$(STAMP): requirements.txt requirements-dev.txt sdk/python/setup.py cli/pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

## make run: the embedded local stack (moto + API on http://127.0.0.1:$${PORT:-8000}).
## make run DEMO=1: the same, filled with a demo channel and 60 days of usage.
run: $(STAMP)
	DEMO="$(DEMO)" $(BIN)/python -m devstack

## make test: lint, every test suite, and the infrastructure lint. Fails on any problem.
test: lint unit unit-order openapi-lint api integration backends browser infra-lint

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## make openapi-lint: the OpenAPI document against Redocly CLI's recommended rules (0 errors).
## Redocly CLI comes from the npm registry into build/redocly (pinned; needs Node >= 20.19).
REDOCLY_VERSION := 2.77.0
REDOCLY_DIR     := build/redocly
REDOCLY_STAMP   := $(REDOCLY_DIR)/.installed-$(REDOCLY_VERSION)
$(REDOCLY_STAMP):
	@command -v npm >/dev/null || { echo "make openapi-lint needs Node.js and npm: apt-get install nodejs npm"; exit 1; }
	npm install --prefix $(REDOCLY_DIR) --no-audit --no-fund --silent @redocly/cli@$(REDOCLY_VERSION)
	touch $(REDOCLY_STAMP)

openapi-lint: $(STAMP) $(REDOCLY_STAMP)
	$(BIN)/python -m tools.openapi build/openapi.json
	REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true \
	    $(REDOCLY_DIR)/node_modules/.bin/redocly lint build/openapi.json --config redocly.yaml

## make idp: the OpenID provider the SSO tests start on loopback (panva's oidc-provider from the
## npm registry, pinned by tests/idp/package-lock.json) into build/idp. The tests run it too.
IDP_DIR   := build/idp
IDP_STAMP := $(IDP_DIR)/.installed
$(IDP_STAMP): tests/idp/package.json tests/idp/package-lock.json
	@command -v npm >/dev/null || { echo "The SSO tests need Node.js and npm: apt-get install nodejs npm"; exit 1; }
	mkdir -p $(IDP_DIR)
	cp tests/idp/package.json tests/idp/package-lock.json $(IDP_DIR)/
	npm ci --prefix $(IDP_DIR) --no-audit --no-fund --silent
	touch $(IDP_STAMP)

idp: $(IDP_STAMP)

## make messages: extract the console's messages (templates, page code; babel.cfg) and update
## the German catalog; then translate the new entries (tests/unit/test_translations.py checks).
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k _ --no-location --sort-output -o build/messages.pot .
	$(BIN)/pybabel update -i build/messages.pot -d chalicelib/console/translations -l de \
	    --width 100 --no-fuzzy-matching --ignore-obsolete

## make sdk: regenerate the Python SDK (sdk/python, package partner_console_client) from the
## OpenAPI document; run it after changing routes or models (tests/unit/test_sdk_current.py).
routes: $(STAMP)
	$(BIN)/python -m tools.routes

sdk: routes
	$(BIN)/python -m tools.sdk

unit: $(STAMP)
	$(BIN)/python -m pytest -q tests/unit

## make unit-order: the unit suite again in reverse and in a shuffled order (seed printed;
## UNIT_ORDER_SEED=n repeats one). No unit test may depend on another having run first.
unit-order: $(STAMP)
	$(BIN)/python -m tools.unit_order

api: $(STAMP) $(IDP_STAMP)
	$(BIN)/python -m pytest -q -n 2 tests/api

integration: $(STAMP)
	$(BIN)/python -m pytest -q tests/integration

## make backends: the storage-backend contract suite on S3 + IAM (moto) and on Ceph RGW, and the
## storage-account sagas, race and end-to-end walk-through on RGW. Needs Debian's Ceph packages
## (a throw-away single-node cluster is started in a temporary directory; see devstack/ceph.py).
backends: $(STAMP)
	@$(BIN)/python -c "import sys; from devstack import ceph; m = ceph.missing_binaries(); \
	    m and sys.exit(ceph.install_hint() + ' (missing: ' + ', '.join(m) + ')')"
	$(BIN)/python -m pytest -q tests/backends

## make browser: the console in a real browser (Playwright driving Chromium, axe-core scans).
## Uses Debian's /usr/bin/chromium (or $$CHROMIUM) when present, else Playwright's own Chromium.
CHROMIUM ?= /usr/bin/chromium
browser: $(STAMP) $(IDP_STAMP)
	@if [ -x "$(CHROMIUM)" ]; then :; \
	elif $(BIN)/python -m playwright install chromium >/dev/null 2>&1; then \
	    echo "Using Playwright's own Chromium (no $(CHROMIUM))."; \
	else \
	    echo "The browser tests need Chromium: install Debian's package (apt-get install chromium)" \
	         "or let 'playwright install chromium' download one." >&2; exit 1; \
	fi
	CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest -q tests/browser

## make vendor: re-fetch the console's front-end assets from the npm registry (pinned versions
## in tools/vendor.py) and record their SHA-256 sums. The result is committed; nothing else needs npm.
vendor:
	$(BIN)/python -m tools.vendor

## make package: the CloudFormation template (with infra/ merged in) and the Lambda zip.
package: $(STAMP)
	rm -rf $(PACKAGE_DIR)
	$(BIN)/chalice package --stage $(STAGE) --pkg-format cloudformation \
	    --merge-template infra/resources.json $(PACKAGE_DIR)
	$(BIN)/python -m tools.compile_package $(PACKAGE_DIR)

## make upgrade-step STACK=<deployed stack>: before deploying a version that adds more than one
## index to a table, write the running stack's next staged deploy (one index per table, the
## code untouched) to build/upgrade/next-step.json; run it again after each deploy (README).
upgrade-step: $(STAMP)
	@test -n "$(STACK)" || { echo "Name the deployed stack: make upgrade-step STACK=partner-console-prod"; exit 2; }
	$(BIN)/python -m infra.upgrade --stack $(STACK)

infra-lint: package
	$(BIN)/python -m infra.generate --check
	$(BIN)/python -m infra.lint $(PACKAGE_DIR)/sam.json

## make bench: benchmarks that print figures (DynamoDB calls per request, timings).
bench: $(STAMP)
	$(BIN)/python -m bench

## make backfill: give records written before a derived key existed (name_key, the ancestry and
## audit filter keys) the keys their indexes need, against the tables of TABLE_PREFIX (AWS_REGION,
## credentials from the environment). Resumable: BACKFILL_ARGS="--segments 4 --state FILE".
backfill: $(STAMP)
	$(BIN)/python -m tools.backfill $(BACKFILL_ARGS)

## make timeshift: the suites again with the clock moved ahead (no test may depend on the day),
## the browser suite included (the stack, the tests and the browser all see the moved clock).
TIMESHIFTS ?= +3d +40d +400d
timeshift: $(STAMP)
	@command -v faketime >/dev/null || { echo "make timeshift needs faketime: apt-get install -y faketime"; exit 1; }
	@for shift in $(TIMESHIFTS); do \
	  echo "== clock moved $$shift"; \
	  faketime -f "$$shift" $(BIN)/python -m pytest -q -p no:cacheprovider tests/unit tests/api tests/integration || exit 1; \
	  faketime -f "$$shift" env CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest -q -p no:cacheprovider tests/browser || exit 1; \
	done

## make fuzz: schemathesis against /v1/openapi.json of a throw-away local stack, with an admin API
## key (a few minutes; not part of make test). Its own Python 3.13 venv: schemathesis needs >= 3.12.
## Bounds: FUZZ_SECONDS (whole run, default 180) and FUZZ_EXAMPLES (per operation, default 50).
FUZZ_VENV  := .venv-fuzz
FUZZ_STAMP := $(FUZZ_VENV)/.installed
# python3.13 from PATH; failing that (a pyenv shim without 3.13 selected), pyenv's 3.13.
FUZZ_PYTHON ?= $(shell python3.13 -c 'import sys; print(sys.executable)' 2>/dev/null || \
	PYENV_VERSION=$$(pyenv versions --bare 2>/dev/null | grep '^3\.13' | tail -1) \
	python3.13 -c 'import sys; print(sys.executable)' 2>/dev/null)

$(FUZZ_STAMP): requirements-fuzz.txt
	@test -n "$(FUZZ_PYTHON)" || { echo "make fuzz needs python3.13 (set FUZZ_PYTHON=/path/to/python3.13)"; exit 1; }
	test -x $(FUZZ_VENV)/bin/python || $(FUZZ_PYTHON) -m venv $(FUZZ_VENV)
	$(FUZZ_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-fuzz.txt
	touch $(FUZZ_STAMP)

fuzz: $(STAMP) $(FUZZ_STAMP)
	$(BIN)/python -m devstack.fuzz

clean:
	rm -rf $(VENV) $(FUZZ_VENV) build .pytest_cache .ruff_cache
