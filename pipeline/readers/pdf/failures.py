"""Why a PDF cannot be read, in the words the user gets: empty, encrypted, or damaged and how."""

from __future__ import annotations

from pathlib import Path


def is_empty(path: Path) -> bool:
    try:
        return path.stat().st_size == 0
    except OSError:  # the reader says why it cannot open the file
        return False


def pdf_failure(exc: Exception) -> str:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    causes = [exc, *exc.args, exc.__cause__, exc.__context__]
    if any(isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError) for cause in causes):
        return "encrypted PDF: a password is required to read it"
    detail = next((str(cause) for cause in causes if isinstance(cause, Exception) and str(cause)), "")
    if "No /Root object" in detail:
        # The file has no document catalog: nothing but a header, or damaged past repair.
        return "unreadable PDF: it holds no document (no catalog; empty or damaged beyond repair)"
    return f"unreadable PDF: {detail or type(exc).__name__}"
