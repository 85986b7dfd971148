# The map of the work: raw plans -> per-document interim files -> published Parquet.
#   make all      set up .venv if missing, run every stage on data/raw, publish, print a summary
#   make test     set up .venv if missing, run the test suite
#   make eval     score data/processed against tests/gold (make eval-pdf: the same plans as PDFs)
#   make bench    time each stage, and PDF ingestion in pages per second
# Each stage is a per-document target, so `make` rebuilds only what changed and `make -j2` uses both cores.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIPELINE := $(PY) -m pipeline
STAMP := $(VENV)/.installed
RAW := data/raw
INTERIM := data/interim
PROCESSED := data/processed
# A change to the code or to the shared vocabulary rebuilds every document; configs/documents.yaml
# reaches a document only through its own interim config.json.
CODE := $(wildcard pipeline/*.py) configs/structure.yaml configs/taxonomy.yaml

.DEFAULT_GOAL := all
.DELETE_ON_ERROR:
# Interim files are results in their own right (inspectable, and inputs of later stages): never delete them.
.SECONDARY:
.SECONDEXPANSION:
.PHONY: all install stages publish summary test eval eval-pdf bench lint format clean help

all: $(STAMP)
	@$(MAKE) --no-print-directory -k stages || true
	@$(MAKE) --no-print-directory publish
	@$(PIPELINE) summary --processed $(PROCESSED)

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $@

ifeq ($(filter clean help install,$(MAKECMDGOALS)),)
-include $(INTERIM)/docs.mk
endif

$(INTERIM)/docs.mk: $(STAMP) configs/documents.yaml $(RAW) $(wildcard $(RAW)/*)
	@$(PIPELINE) plan --raw $(RAW) --config configs/documents.yaml --interim $(INTERIM)

$(INTERIM)/%/config.json:
	@$(PIPELINE) plan --raw $(RAW) --config configs/documents.yaml --interim $(INTERIM)

$(INTERIM)/%/lines.parquet: $$(RAW_$$*) $(CODE)
	@$(PIPELINE) ingest $(RAW_$*) --doc-id $* -o $@

$(INTERIM)/%/labelled.parquet $(INTERIM)/%/sections.parquet: $(INTERIM)/%/lines.parquet $(CODE)
	@$(PIPELINE) structure $< -o $(INTERIM)/$*/labelled.parquet --sections $(INTERIM)/$*/sections.parquet

$(INTERIM)/%/tables.parquet: $(INTERIM)/%/labelled.parquet $(CODE)
	@$(PIPELINE) tables $< -o $@

$(INTERIM)/%/document.parquet: $(INTERIM)/%/labelled.parquet $(INTERIM)/%/tables.parquet $(INTERIM)/%/config.json $$(RAW_$$*) $(CODE)
	@$(PIPELINE) documents $< --tables $(INTERIM)/$*/tables.parquet --raw $(RAW_$*) \
		--source-file $(notdir $(RAW_$*)) --config $(INTERIM)/$*/config.json -o $@

$(INTERIM)/%/terms.parquet: $(INTERIM)/%/labelled.parquet $(INTERIM)/%/sections.parquet $(CODE)
	@$(PIPELINE) terms $< --sections $(INTERIM)/$*/sections.parquet -o $@

$(INTERIM)/%/measures.parquet $(INTERIM)/%/schedules.parquet $(INTERIM)/%/kpis.parquet: $(INTERIM)/%/labelled.parquet $(INTERIM)/%/sections.parquet $(CODE)
	@$(PIPELINE) measures $< --sections $(INTERIM)/$*/sections.parquet -o $(INTERIM)/$*/measures.parquet \
		--schedules $(INTERIM)/$*/schedules.parquet --kpis $(INTERIM)/$*/kpis.parquet

DOC_OUTPUTS := document.parquet sections.parquet tables.parquet terms.parquet measures.parquet schedules.parquet kpis.parquet
stages: $(foreach doc,$(DOC_IDS),$(addprefix $(INTERIM)/$(doc)/,$(DOC_OUTPUTS)))

publish: $(PROCESSED)/manifest.json

$(PROCESSED)/manifest.json: $(INTERIM)/docs.mk $(wildcard $(INTERIM)/*/*.parquet) $(wildcard $(INTERIM)/*/error.txt) $(CODE)
	@$(PIPELINE) publish --interim $(INTERIM) --output $(PROCESSED)

summary: $(STAMP)
	@$(PIPELINE) summary --processed $(PROCESSED)

test: $(STAMP)
	$(PY) -m pytest

eval: $(STAMP)
	@$(MAKE) --no-print-directory -k stages || true
	@$(MAKE) --no-print-directory publish
	@$(PIPELINE) eval --processed $(PROCESSED) --gold tests/gold --json $(PROCESSED)/eval.json

# The bundled plans rendered as PDFs (tests/fixtures/plans), scored and set beside the text-input scores.
PDF_RENDERINGS := $(wildcard tests/fixtures/plans/*.pdf)
eval-pdf: eval
	@$(PIPELINE) run $(PDF_RENDERINGS) -o $(INTERIM)/pdf-renderings > /dev/null
	@$(PIPELINE) eval --processed $(INTERIM)/pdf-renderings --gold tests/gold --compare $(PROCESSED)

bench: $(STAMP)
	@$(PIPELINE) bench --raw $(RAW) --config configs/documents.yaml --pdfs $(PDF_RENDERINGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check pipeline tests
	$(VENV)/bin/ruff format --check pipeline tests

format: $(STAMP)
	$(VENV)/bin/ruff format pipeline tests
	$(VENV)/bin/ruff check --fix pipeline tests

clean:
	rm -rf $(INTERIM)/* $(PROCESSED)/*

help:
	@sed -n '2,6p' Makefile
