# depeche: the README's commands.
#   make demo   install (once), show one record, and ingest the bundled samples into ./depeche.db
#   make test   install (once) with the test extras, lint, and run the whole test suite
#   make lint   install (once) with the test extras and run the linters alone
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: install install-test demo lint test bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"

demo: install
	$(BIN)/depeche analyze samples/wikinews-fr-2012.jsonl --format text | head -n 60
	$(BIN)/depeche ingest samples/ --db depeche.db
	$(BIN)/depeche events --db depeche.db --format table
	@echo "records stored in ./depeche.db; browse them with: $(BIN)/depeche serve --db depeche.db"

# ruff (style, likely bugs) then mypy (types), as configured in pyproject.toml
lint: install-test
	@echo "lint: ruff check src tests bench"
	@$(BIN)/ruff check src tests bench || { echo "lint: ruff found the errors above (make lint)"; exit 1; }
	@echo "lint: mypy"
	@$(BIN)/mypy || { echo "lint: mypy found the errors above (make lint)"; exit 1; }

test: lint
	$(BIN)/python -m pytest

bench: install-test
	$(BIN)/python bench/speed.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
