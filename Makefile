# The map of the work: raw plans -> per-document interim files -> published Parquet.
#   make all      set up .venv if missing, run every stage on data/raw, publish, print a summary
#   make test     set up .venv if missing, run the test suite
#   make report   the offline HTML report, data/processed/report/index.html (make all writes it too)
#   make eval     score data/processed against tests/gold (make eval-pdf: the same plans as PDFs)
#                 (eval-formats: Office originals beside their PDFs and scans; eval-scans: two plans scanned;
#                 eval-layouts: drawn layouts, and the layout templates of several authors pooled per
#                 family, Office originals and PDFs, the templates kept aside reported apart)
#   make bench    time each stage, and PDF ingestion in pages per second (make bench-corpus: 200+ documents)
#   make identity check that every published table is byte-identical to tests/fixtures/identity.json
# Make decides which documents are out of date (data/interim/docs.mk); the runner sends them through every
# stage in JOBS worker processes (default: one per core), each loading the language model once.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIPELINE := $(PY) -m pipeline
STAMP := $(VENV)/.installed
RAW ?= data/raw
INTERIM ?= data/interim
PROCESSED ?= data/processed
DOCUMENTS ?= configs/documents.yaml
# A change to the code or to the shared vocabulary rebuilds every document; configs/documents.yaml
# reaches a document only through its own interim config.json.
CODE := $(wildcard pipeline/*.py pipeline/*/*.py pipeline/*/*/*.py) $(filter-out $(DOCUMENTS),$(wildcard configs/*.yaml configs/*.csv))

JOBS ?= $(shell nproc 2>/dev/null || echo 1)
# Per document: the seconds it may take (default 300) and the memory a worker may use (default 8G);
# a document over either fails with one line and the others are published. 0 lifts a limit.
DOC_TIMEOUT ?=
DOC_MEMORY ?=
# OCR results are cached per page image here, so a re-run does not read a scan again.
export DXPLANS_OCR_CACHE ?= $(abspath $(INTERIM))/.ocr-cache
# A Dask scheduler (tcp://host:8786) to run the documents on a cluster instead of local workers.
SCHEDULER ?=
QUEUE := $(INTERIM)/.queue
# Stamps for the published set and its report (see publish: below).
PUBLISHED := $(INTERIM)/.published
REPORTED := $(INTERIM)/.reported
LOCK := $(INTERIM)/.lock

.DEFAULT_GOAL := all
.DELETE_ON_ERROR:
.PHONY: all build stages publish report summary install test eval eval-pdf eval-formats eval-scans eval-layouts eval-real bench bench-corpus identity identity-record lint format clean help

# One run at a time per tree: a second `make all` says so and stops instead of interleaving. The lock is
# held on a descriptor of this shell, not by a flock process around make: on Ctrl-C the shell waits for
# the build to stop (a flock parent dies at once and the prompt returns before the build's last line).
all: $(STAMP)
	@mkdir -p $(INTERIM)
	@{ flock -n -E 75 9 && $(MAKE) --no-print-directory build; } 9> $(LOCK); status=$$?; \
	if [ $$status -eq 75 ]; then \
		echo "error: another 'make all' is running in this tree (it holds $(LOCK)); wait for it to end" >&2; fi; \
	test $$status -eq 0
	@$(MAKE) --no-print-directory report
	@$(PIPELINE) summary --processed $(PROCESSED)

# A document whose interim files do not all read, or stopped by a lower time limit than this run's, is
# run again (its status is forgotten first; `python -m pipeline retry`, through a module that imports the
# stage graph alone, since it runs on every make all).
build:
	@$(PY) -m pipeline.run.retry --interim $(INTERIM) $(if $(DOC_TIMEOUT),--timeout $(DOC_TIMEOUT))
	@$(MAKE) --no-print-directory stages
	@$(MAKE) --no-print-directory publish

install: $(STAMP)

# Scanned plans need Tesseract's Japanese OCR from Debian: installed here when running as root, else the
# one command to run is printed (every digital document is processed either way).
OCR_PACKAGES := tesseract-ocr tesseract-ocr-jpn tesseract-ocr-jpn-vert
$(STAMP): pyproject.toml constraints.txt
	@if ! command -v tesseract > /dev/null || ! tesseract --list-langs 2> /dev/null | grep -qx jpn; then \
		if [ "$$(id -u)" -eq 0 ] && command -v apt-get > /dev/null; then \
			echo "installing $(OCR_PACKAGES) (OCR for scanned plans)"; \
			{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(OCR_PACKAGES) > /dev/null; } || \
				echo "warning: could not install $(OCR_PACKAGES); scanned plans will not be read" >&2; \
		else echo "note: scanned plans need OCR: sudo apt-get install $(OCR_PACKAGES)" >&2; fi; fi
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $@

# docs.mk (from pipeline/run/graph.py): per document, its status file and what it depends on. A document
# out of date is queued; `stages` then sends the queue through the runner's worker processes.
ifneq ($(filter build stages publish $(PUBLISHED),$(MAKECMDGOALS)),)
-include $(INTERIM)/docs.mk
endif

# The raw directory's time changes when a file is added, removed or renamed.
$(INTERIM)/docs.mk: $(STAMP) $(wildcard $(DOCUMENTS)) pipeline/run/graph.py $(wildcard pipeline/config/*.py) $(RAW)
	@$(PIPELINE) plan --raw $(RAW) --config $(DOCUMENTS) --interim $(INTERIM)

stages: $(DOC_STATUS)
	@if [ -s $(QUEUE) ]; then $(PIPELINE) build --interim $(INTERIM) --queue $(QUEUE) --jobs $(JOBS) \
		$(if $(SCHEDULER),--scheduler $(SCHEDULER)) $(if $(DOC_TIMEOUT),--timeout $(DOC_TIMEOUT)) \
		$(if $(DOC_MEMORY),--memory $(DOC_MEMORY)); fi

# The published set is never a make target: make deletes an interrupted target, and a published link
# must survive any kill. Stamps outside data/processed stand for it; a stamp whose published file is
# gone (data/processed emptied by hand) is dropped first, so the set is published again.

publish:
	@test -e $(PROCESSED)/manifest.json || rm -f $(PUBLISHED)
	@$(MAKE) --no-print-directory $(PUBLISHED)

$(PUBLISHED): $(INTERIM)/docs.mk $(DOC_STATUS) $(CODE)
	@$(PIPELINE) publish --interim $(INTERIM) --output $(PROCESSED)
	@touch $@

# The offline HTML report: rebuilt when the published tables change.
report:
	@test -e $(PROCESSED)/report/index.html || rm -f $(REPORTED)
	@$(MAKE) --no-print-directory $(REPORTED)

$(REPORTED): $(PUBLISHED) $(wildcard pipeline/report/templates/*.html pipeline/report/*.py)
	@$(PIPELINE) report --processed $(PROCESSED) --interim $(INTERIM) > /dev/null
	@touch $@

summary: $(STAMP)
	@$(PIPELINE) summary --processed $(PROCESSED)

test: $(STAMP)
	$(PY) -m pytest

eval: $(STAMP)
	@$(MAKE) --no-print-directory all > /dev/null || true
	@$(PIPELINE) eval --processed $(PROCESSED) --gold tests/gold --json $(PROCESSED)/eval.json \
		--plain-text $(INTERIM)/plain-text --raw $(RAW) 2>/dev/null

# The bundled plans rendered as PDFs by two engines (reportlab: tests/fixtures/plans; LibreOffice from Word
# documents: tests/fixtures/office), each scored and set beside the text-input scores.
PDF_RENDERINGS := $(wildcard tests/fixtures/plans/*.pdf)
OFFICE_RENDERINGS := $(wildcard tests/fixtures/office/0*.pdf)
eval-pdf: eval
	@$(PIPELINE) run $(PDF_RENDERINGS) -o $(INTERIM)/pdf-renderings -j $(JOBS) > /dev/null 2>&1 || true
	@echo "== reportlab renderings"
	@$(PIPELINE) eval --processed $(INTERIM)/pdf-renderings --gold tests/gold --compare $(PROCESSED) | sed -n '/text F1/,$$p'
	@$(PIPELINE) run $(OFFICE_RENDERINGS) -o $(INTERIM)/office-renderings -j $(JOBS) > /dev/null 2>&1 || true
	@echo "== LibreOffice renderings of Word documents"
	@$(PIPELINE) eval --processed $(INTERIM)/office-renderings --gold tests/gold --compare $(PROCESSED) | sed -n '/text F1/,$$p' 

# Originals (Word, Excel, PowerPoint: tests/fixtures/formats, made by make_formats.py) scored beside their
# LibreOffice PDF twins: the bundled plans as Word documents against tests/gold, and an action-plan
# workbook, a slide deck and a Word schedule of shaded cells against their own gold.
FORMATS := tests/fixtures/formats
# Scans whose gold is their digital twin's (rotated.pdf and vertical.pdf are for the reader's tests).
SCANS := $(filter-out %/rotated.pdf %/vertical.pdf %/faces_mincho.pdf %/faces_bold.pdf,$(wildcard $(FORMATS)/scan/*.pdf))
eval-formats: $(STAMP)
	@$(PIPELINE) run $(wildcard $(FORMATS)/0*.docx) -o $(INTERIM)/formats/plans -j $(JOBS) > /dev/null 2>&1 || true
	@$(PIPELINE) run $(OFFICE_RENDERINGS) -o $(INTERIM)/formats/plans-pdf -j $(JOBS) > /dev/null 2>&1 || true
	@echo "== the bundled plans as Word originals, beside their PDF twins"
	@$(PIPELINE) eval --processed $(INTERIM)/formats/plans --gold tests/gold --compare $(INTERIM)/formats/plans-pdf --label "PDF" | sed -n '/PDF F1/,$$p'
	@$(PIPELINE) run $(filter-out $(FORMATS)/0%,$(wildcard $(FORMATS)/*.docx $(FORMATS)/*.xlsx $(FORMATS)/*.pptx)) -o $(INTERIM)/formats/layouts -j $(JOBS) > /dev/null 2>&1 || true
	@$(PIPELINE) run $(wildcard $(FORMATS)/pdf/*.pdf) -o $(INTERIM)/formats/layouts-pdf -j $(JOBS) > /dev/null 2>&1 || true
	@echo "== workbook, deck and shaded Word schedule as originals, beside their PDF twins"
	@$(PIPELINE) eval --processed $(INTERIM)/formats/layouts --gold $(FORMATS)/gold --compare $(INTERIM)/formats/layouts-pdf --label "PDF"
	@$(PIPELINE) run $(SCANS) -o $(INTERIM)/formats/scans -j $(JOBS) > /dev/null 2>&1 || true
	@echo "== the same PDFs scanned (make_scans.py), beside the digital PDFs (targets: within 0.10 on headings and measures, 0.15 on schedules)"
	@$(PIPELINE) eval --processed $(INTERIM)/formats/scans --gold $(FORMATS)/gold --compare $(INTERIM)/formats/layouts-pdf --label "PDF" | sed -n '/PDF F1/,$$p'
	@$(PIPELINE) eval --processed $(INTERIM)/formats/scans --gold $(FORMATS)/scan/gold --pooled "deck and shaded as an office scans them (200 dpi, uneven grey paper, blur, JPEG 70; their gold is the PDFs')"

# Two bundled plans as LibreOffice printed them from Word, scanned (make_scans.py plans: 38 pages made
# at run time, too large to commit), beside the same PDFs digital. OCR takes minutes the first time.
SCANNED_PLANS := $(INTERIM)/scanned-plans
eval-scans: $(STAMP)
	@$(PY) tests/fixtures/make_scans.py plans $(SCANNED_PLANS)/pdf
	@$(PIPELINE) run $(SCANNED_PLANS)/pdf/*.pdf -o $(SCANNED_PLANS)/out -j $(JOBS) > /dev/null 2>&1 || true
	@$(PIPELINE) run $(SCANNED_PLANS)/pdf/office/*.pdf -o $(SCANNED_PLANS)/office -j $(JOBS) > /dev/null 2>&1 || true
	@$(PIPELINE) run $(SCANNED_PLANS)/pdf/office-aside/*.pdf -o $(SCANNED_PLANS)/office-aside -j $(JOBS) > /dev/null 2>&1 || true
	@$(PIPELINE) run $(OFFICE_RENDERINGS) -o $(INTERIM)/formats/plans-pdf -j $(JOBS) > /dev/null 2>&1 || true
	@echo "== two bundled plans scanned at 300 dpi, beside their digital PDFs"
	@$(PIPELINE) eval --processed $(SCANNED_PLANS)/out --gold tests/gold --compare $(INTERIM)/formats/plans-pdf --label "PDF" | sed -n '/PDF F1/,$$p'
	@echo "== the same two plans as an office scans them (200 dpi, grey and colour, uneven paper, blur, noise, JPEG 70), beside their digital PDFs"
	@$(PIPELINE) eval --processed $(SCANNED_PLANS)/office --gold tests/gold --compare $(INTERIM)/formats/plans-pdf --label "PDF" | sed -n '/PDF F1/,$$p'
	@$(PIPELINE) eval --processed $(SCANNED_PLANS)/office --gold tests/gold --pooled "office scans (targets: headings 0.85, measures 0.90, schedules 0.80 with years 0.90, KPIs 0.80)" --together
	@$(PIPELINE) eval --processed $(SCANNED_PLANS)/office-aside --gold tests/gold --pooled "an office scan of a third plan, kept aside from the tuning" --together

# Plans whose commitments are drawn (tests/fixtures/layouts, made by make_layouts.py: a year grid of
# bars, arrows and fills; a slide deck with a Gantt and no ruling; fake-bold headings over measures and a
# KPI table), scored beside the same plans as flowing text.
LAYOUTS := tests/fixtures/layouts
# Decks, sheets and Word 工程表 by several authors (make_templates.py): `tune` the rules were tuned on,
# `aside` kept apart to score them on authors they were not tuned on.
TEMPLATES := tests/fixtures/templates
eval-layouts: $(STAMP)
	@$(PIPELINE) run $(wildcard $(LAYOUTS)/*.pdf) -o $(INTERIM)/layouts/pdf -j $(JOBS) > /dev/null 2>&1 || true
	@$(PIPELINE) run $(wildcard $(LAYOUTS)/text/*.md) -o $(INTERIM)/layouts/text -j $(JOBS) > /dev/null 2>&1 || true
	@$(PIPELINE) eval --processed $(INTERIM)/layouts/pdf --gold $(LAYOUTS)/gold --compare $(INTERIM)/layouts/text --label "text"
	@$(PIPELINE) run $(wildcard $(LAYOUTS)/scan/*.pdf) -o $(INTERIM)/layouts/scan -j $(JOBS) > /dev/null 2>&1 || true
	@echo "== the same layouts scanned (make_scans.py), beside their digital PDFs"
	@$(PIPELINE) eval --processed $(INTERIM)/layouts/scan --gold $(LAYOUTS)/gold --compare $(INTERIM)/layouts/pdf --label "PDF" | sed -n '/PDF F1/,$$p'
	@for group in tune aside; do \
	  [ -n "$$(ls $(TEMPLATES)/$$group/gold 2>/dev/null)" ] || { echo "== templates ($$group): none (the next author's go here, scored before tuning)"; continue; }; \
	  $(PIPELINE) run $(TEMPLATES)/$$group/*.pptx $(TEMPLATES)/$$group/*.xlsx $(TEMPLATES)/$$group/*.docx -o $(INTERIM)/templates/$$group-originals -j $(JOBS) > /dev/null 2>&1 || true; \
	  $(PIPELINE) run $(TEMPLATES)/$$group/pdf/*.pdf -o $(INTERIM)/templates/$$group-pdf -j $(JOBS) > /dev/null 2>&1 || true; \
	  for form in originals pdf; do \
	    $(PIPELINE) eval --processed $(INTERIM)/templates/$$group-$$form --gold $(TEMPLATES)/$$group/gold --pooled "templates ($$group), $$form"; \
	  done; \
	done

# Real government PDFs with reference outlines and terms from their authors' Word files, read as PDFs and
# as the plain text two other engines (PDFium, pdfminer) extract from them.
REALPDF ?= ../shared/realpdf
eval-real: $(STAMP)
	@$(PIPELINE) eval-real --reference $(REALPDF) -o $(INTERIM)/realpdf --json $(INTERIM)/realpdf/eval-real.json \
		--plain-text $(INTERIM)/realpdf-text

bench: $(STAMP)
	@$(PIPELINE) bench --raw $(RAW) --config $(DOCUMENTS) --pdfs $(or $(wildcard $(REALPDF)/*.pdf),$(PDF_RENDERINGS)) \
		--scans $(wildcard $(FORMATS)/scan/office_*.pdf)

# 200+ documents (the bundled plans and ../shared/realpdf, copied under distinct names) with 1 and 2
# workers: documents/min, pages/s, the speed-up, and a projection for the national corpus.
bench-corpus: $(STAMP)
	@$(PIPELINE) bench-corpus --raw $(RAW) --realpdf $(REALPDF)

# Byte-identity of every published table on a fixed set of inputs, against tests/fixtures/identity.json:
# for a change that must not change results (identity-record writes a new baseline).
identity: $(STAMP)
	@$(PY) -m pipeline.evaluation.identity check

identity-record: $(STAMP)
	@$(PY) -m pipeline.evaluation.identity record

lint: $(STAMP)
	$(VENV)/bin/ruff check pipeline tests
	$(VENV)/bin/ruff format --check pipeline tests

format: $(STAMP)
	$(VENV)/bin/ruff format pipeline tests
	$(VENV)/bin/ruff check --fix pipeline tests

clean:
	rm -rf $(INTERIM)/* $(PROCESSED)/* $(PROCESSED)/.current $(PROCESSED)/.releases

help:
	@sed -n '2,11p' Makefile
