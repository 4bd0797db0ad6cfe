# depeche: the README's commands.
#   make demo   install (once), show one record, and ingest the bundled samples into ./depeche.db
#   make test   install (once) with the test extras and run the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: install install-test demo test bench clean

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

test: install-test
	$(BIN)/python -m pytest

bench: install-test
	$(BIN)/python bench/speed.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache
