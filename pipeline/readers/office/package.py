"""The checks every Office Open XML file (a zip of XML parts) passes before a reader opens it: it is a
zip at all (a password-protected file is an encrypted OLE container instead, as is a legacy .doc), it
is whole, and its parts do not inflate past a bound (a zip bomb). Nothing in the file is executed:
macros are parts like any other, never run."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from pipeline.errors import InputError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_INFLATED = 512 * 1024 * 1024  # bytes all parts may inflate to
MACRO_SUFFIXES = {".docm", ".xlsm", ".pptm"}


def check_package(path: Path) -> list[str]:
    """Raise InputError with one line for a file no reader can open; return warnings for one it can."""
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise InputError(f"unreadable: {exc.strerror}") from None
    if head == OLE_MAGIC:
        raise InputError(
            "password-protected (encrypted) or a legacy binary Office file: save it unprotected as "
            f"{path.suffix.lower()} or export a PDF"
        )
    try:
        with zipfile.ZipFile(path) as package:
            inflated = sum(info.file_size for info in package.infolist())
            if inflated > MAX_INFLATED:
                raise InputError(
                    f"its parts inflate to {inflated >> 20} MiB, over the {MAX_INFLATED >> 20} MiB bound "
                    "(a zip bomb?)"
                )
            broken = package.testzip()
            if broken is None:
                for info in package.infolist():  # every XML part well-formed, its entities unresolved
                    if info.filename.endswith((".xml", ".rels")):
                        parse_part(info.filename, package.read(info))
    except zipfile.BadZipFile as exc:
        raise InputError(f"not a valid {path.suffix.lower()} file (a damaged zip: {exc})") from None
    except (OSError, EOFError, ValueError) as exc:  # a truncated member or a bad compression method
        raise InputError(f"not a valid {path.suffix.lower()} file (a damaged zip: {exc})") from None
    if broken is not None:
        raise InputError(f"not a valid {path.suffix.lower()} file (a damaged part: {broken})")
    if path.suffix.lower() in MACRO_SUFFIXES:
        return ["a macro-enabled file: its content was read and its macros were not run"]
    return []


def parse_part(name: str, blob: bytes):
    """A package part's XML, parsed without resolving entities or reaching the network (XXE, billion
    laughs); a part that is not well-formed is one InputError naming the part and why."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        return etree.fromstring(blob, parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(f"its part {name.lstrip('/')} is not well-formed XML: {exc}") from None


def hex_colour(value: str | None) -> str | None:
    """'FFC000' / 'FFFFC000' (ARGB) -> '#ffc000'; automatic, white and unset colours -> None."""
    if not value or not isinstance(value, str):
        return None
    value = value.strip().lower()
    if len(value) == 8:
        value = value[2:]
    if len(value) != 6 or any(c not in "0123456789abcdef" for c in value) or value == "ffffff":
        return None
    return "#" + value


_CREATED = re.compile(rb"<dcterms:created[^>]*>\s*(\d{4})-(\d{2})")


def package_properties(path: Path) -> dict[str, str]:
    """What the file says of itself: its creation month ('created': 'YYYY-MM') from docProps/core.xml."""
    try:
        with zipfile.ZipFile(path) as package:
            core = package.read("docProps/core.xml")[: 1 << 16]
    except (KeyError, OSError, zipfile.BadZipFile):
        return {}
    match = _CREATED.search(core)
    return {"created": f"{match.group(1).decode()}-{match.group(2).decode()}"} if match else {}
