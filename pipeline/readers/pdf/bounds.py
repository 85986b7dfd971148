"""Bounds on what one PDF page may cost, so that a hostile or broken file is refused for what it is
instead of exhausting the machine:
- a content stream that inflates past `MAX_STREAM_BYTES` (a decompression bomb: megabytes that inflate
  to gigabytes) is refused before pdfminer inflates it, by inflating it in bounded chunks and counting;
- a page that draws more than `MAX_PATHS` paths keeps only the first ones (table rulings come early and
  are few; a page of tens of thousands of paths is a drawing, not a table).
"""

from __future__ import annotations

import zlib

from pipeline.errors import InputError

MAX_STREAM_BYTES = 256 << 20
MAX_PATHS = 20_000
# zlib's best ratio is about 1032:1: a stream smaller than this cannot inflate past the bound.
_MAX_RATIO = 1032
_CHUNK = 1 << 20


def _is_flate(stream) -> bool:
    filters = stream.get_filters()
    return bool(filters) and getattr(filters[0][0], "name", filters[0][0]) in ("FlateDecode", "Fl")


def inflates_past(data: bytes, limit: int) -> bool:
    """Whether zlib data inflates to more than `limit` bytes, found with at most a chunk in memory."""
    inflater = zlib.decompressobj()
    total = 0
    pending = data
    try:
        while pending:
            total += len(inflater.decompress(pending, _CHUNK))
            if total > limit:
                return True
            pending = inflater.unconsumed_tail
    except zlib.error:
        return False  # a damaged stream: pdfminer reports it as it does today
    return False


def _streams(page_obj) -> list:
    """The page's content streams and the form XObjects its resources name (what pdfminer inflates)."""
    from pdfminer.pdftypes import PDFStream, resolve1

    streams = [
        s for s in (resolve1(c) for c in getattr(page_obj, "contents", []) or []) if isinstance(s, PDFStream)
    ]
    xobjects = resolve1((resolve1(page_obj.resources) or {}).get("XObject")) or {}
    for value in xobjects.values() if isinstance(xobjects, dict) else ():
        stream = resolve1(value)
        if isinstance(stream, PDFStream) and getattr(stream.get("Subtype"), "name", None) == "Form":
            streams.append(stream)
    return streams


def check_streams(page_obj, page_number: int) -> None:
    """Raise InputError for a page whose content would inflate past MAX_STREAM_BYTES."""
    for stream in _streams(page_obj):
        raw = stream.get_rawdata()
        if raw is None or len(raw) * _MAX_RATIO <= MAX_STREAM_BYTES or not _is_flate(stream):
            continue
        if stream.decipher:
            raw = stream.decipher(stream.objid, stream.genno, raw, stream.attrs)
        if inflates_past(raw, MAX_STREAM_BYTES):
            raise InputError(
                f"decompression bomb: a content stream of page {page_number} ({len(raw) >> 10} KiB) "
                f"inflates past {MAX_STREAM_BYTES >> 20} MiB; the PDF is not read"
            )
