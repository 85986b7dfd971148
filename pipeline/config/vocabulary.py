"""The shared vocabulary and settings, each file read once per process through its schema."""

from __future__ import annotations

from functools import cache

from pipeline.config.files import CONFIG_DIR, ConfigError, load_config
from pipeline.config.reader_settings import LayoutSettings, OcrSettings
from pipeline.config.schema import NotesConfig, PdfConfig, StructureConfig, TaxonomyConfig


@cache
def structure_vocabulary() -> StructureConfig:
    return load_config(CONFIG_DIR / "structure.yaml", StructureConfig)


@cache
def taxonomy() -> TaxonomyConfig:
    return load_config(CONFIG_DIR / "taxonomy.yaml", TaxonomyConfig)


@cache
def pdf_settings() -> PdfConfig:
    return load_config(CONFIG_DIR / "pdf.yaml", PdfConfig)


def layout_settings() -> LayoutSettings:
    """The PDF page layout's thresholds (configs/pdf.yaml `layout`, defaults in config/reader_settings.py)."""
    return pdf_settings().layout


def ocr_settings() -> OcrSettings:
    """The scan reader's thresholds (configs/pdf.yaml `ocr`, defaults in config/reader_settings.py)."""
    return pdf_settings().ocr


@cache
def note_config() -> NotesConfig:
    return load_config(CONFIG_DIR / "notes.yaml", NotesConfig)


def config_problems() -> list[str]:
    """Every problem of the shared config files, one line each (empty when all fit their schemas)."""
    problems = []
    for loader in (structure_vocabulary, taxonomy, pdf_settings, note_config):
        try:
            loader()
        except ConfigError as exc:
            problems.extend(str(exc).splitlines())
    return problems
