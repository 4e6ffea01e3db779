# The two commands of README: `make serve` and `make test`. Each sets up .venv first.
PYTHON ?= python3
# make serve PORT=8001 serves on another port.
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready

.PHONY: serve test build check clean

$(READY): requirements.txt requirements-dev.txt bench/requirements.txt constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -r requirements-dev.txt -r bench/requirements.txt -c constraints.txt
	touch $(READY)

serve: $(READY)
	$(BIN)/invoke serve --port $(PORT)

test: $(READY)
	$(BIN)/pytest

build: $(READY)
	$(BIN)/invoke build

check: $(READY)
	$(BIN)/invoke check

clean:
	rm -rf output $(VENV)
