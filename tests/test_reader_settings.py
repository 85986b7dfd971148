"""The PDF reader's thresholds live in one typed settings object per concern, each with its unit, and
configs/pdf.yaml may set any of them; an unknown key is an error."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from pipeline.config.reader_settings import LayoutSettings, OcrSettings
from pipeline.config.schema import PdfConfig
from pipeline.config.vocabulary import layout_settings, ocr_settings, pdf_settings


@pytest.mark.parametrize("settings", [LayoutSettings, OcrSettings])
def test_every_threshold_says_what_it_measures(settings):
    for name, field in settings.model_fields.items():
        assert field.description and len(field.description) > 15, name


@pytest.mark.parametrize("settings", [LayoutSettings, OcrSettings])
def test_an_unknown_threshold_is_an_error(settings):
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        settings(no_such_threshold=1)


def test_the_config_file_sets_thresholds_and_the_rest_keep_their_defaults():
    raw = pdf_settings().model_dump()
    raw["layout"] = {"cell_gap": 3.0}
    changed = PdfConfig.model_validate(raw)
    assert changed.layout.cell_gap == 3.0 and changed.layout.word_gap == LayoutSettings().word_gap
    assert layout_settings() == pdf_settings().layout and ocr_settings() == pdf_settings().ocr


def test_one_ink_level_serves_every_scan_module():
    assert "ink_level" in OcrSettings.model_fields
    assert not {"dark", "ink", "INK", "DARK"} & set(OcrSettings.model_fields)
