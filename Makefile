# The two commands of the README: `make demo` and `make test`. Both set everything up first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv
PLUGINS := singer-commons haihai-mail-client satori-client marketo-client keap-client vendor-sandbox tap-marketo-opportunities target-marketo-opportunities \
	tap-infusionsoft target-infusionsoft tap-haihai-mail target-haihai-mail target-satori-bridge
INSTALLED := $(VENV)/.installed
# Dagster running the meltano.yml jobs (orchestrate/dagster), pinned apart from the dev tools.
DAGSTER_REQUIREMENTS := orchestrate/dagster/requirements.txt

.PHONY: install demo test lint bench about settings dist clean

install: $(INSTALLED)

$(UV):
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv

$(INSTALLED): $(UV) requirements-dev.txt $(DAGSTER_REQUIREMENTS) $(foreach p,$(PLUGINS),$(p)/pyproject.toml)
	$(UV) pip install --quiet --python $(BIN)/python -r requirements-dev.txt -r $(DAGSTER_REQUIREMENTS) \
		$(foreach p,$(PLUGINS),-e ./$(p))
	touch $@

demo: install
	$(BIN)/python demo/run_demo.py

test: lint
	$(BIN)/python -m pytest -n 2 --dist loadgroup

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy $(foreach p,$(PLUGINS),$(p)/$(subst -,_,$(p)))

about: install
	$(BIN)/python tests/about_sections.py

# meltano.yml's settings blocks and each plugin's Hub definition (<plugin>/<plugin>.yml),
# both generated from the plugins' --about.
settings: install
	$(BIN)/python tests/meltano_settings.py
	$(BIN)/python tests/hub_definitions.py

# A wheel and an sdist of every distribution in dist/, checked by twine.
dist: install
	$(BIN)/python tests/distributions.py

# Runs every benchmark into bench/results.json, then renders bench/RESULTS.md from it; fails
# (non-zero) when any row missed its aim, after the report shows which.
bench: install
	$(BIN)/python bench/run_bench.py; status=$$?; $(BIN)/python bench/report.py && exit $$status

clean:
	rm -rf $(VENV) .meltano output dist .pytest_cache .ruff_cache .mypy_cache
