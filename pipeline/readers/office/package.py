"""The checks every Office Open XML file (a zip of XML parts) passes before a reader opens it: it is a
zip at all (a password-protected file is an encrypted OLE container instead, as is a legacy .doc), it
is whole, and its parts do not inflate past a bound (a zip bomb). Nothing in the file is executed:
macros are parts like any other, never run."""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path
from xml.parsers import expat

from pipeline.errors import InputError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_INFLATED = 512 * 1024 * 1024  # bytes all parts may inflate to
CHUNK = 1 << 20  # bytes inflated at a time while counting
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
            declared = sum(info.file_size for info in package.infolist())
            if declared > MAX_INFLATED:  # refused at once, before anything is inflated
                raise InputError(
                    f"its parts inflate to {declared >> 20} MiB, over the {MAX_INFLATED >> 20} MiB bound "
                    "(a zip bomb?)"
                )
            _read_parts(package)
    except zipfile.BadZipFile as exc:  # also a part whose CRC does not match: a damaged part
        raise InputError(f"not a valid {path.suffix.lower()} file (a damaged zip: {exc})") from None
    except (OSError, EOFError, ValueError, zlib.error) as exc:  # a truncated member, a bad method
        raise InputError(f"not a valid {path.suffix.lower()} file (a damaged zip: {exc})") from None
    if path.suffix.lower() in MACRO_SUFFIXES:
        return ["a macro-enabled file: its content was read and its macros were not run"]
    return []


def _read_parts(package: zipfile.ZipFile) -> None:
    """Inflate every part in bounded chunks, counting what it really inflates to whatever its header
    declares (a lying zip), and check each XML part's well-formedness as it streams past. CRCs are
    checked as each part ends."""
    inflated = 0
    for info in package.infolist():
        checking = info.filename.endswith((".xml", ".rels"))
        parser = _xml_checker()
        try:
            with package.open(info) as part:
                while chunk := part.read(CHUNK):
                    inflated += len(chunk)
                    if inflated > MAX_INFLATED:
                        raise InputError(
                            f"its parts inflate past the {MAX_INFLATED >> 20} MiB bound at part "
                            f"{info.filename} (a zip bomb?)"
                        )
                    if checking:
                        parser.Parse(chunk, False)
            if checking:
                parser.Parse(b"", True)
        except (expat.ExpatError, _DeclaresDtd) as exc:
            raise InputError(f"its part {info.filename} is not well-formed XML: {exc}") from None


class _DeclaresDtd(ValueError):
    pass


def _refuse_dtd(*_) -> None:
    # Office parts never declare a DTD; one that does is where entity bombs and external entities live.
    raise _DeclaresDtd("it declares a DTD, which no Office part has (an entity bomb or an external entity?)")


def _xml_checker():
    """An expat parser with no handlers but the DTD refusal: well-formedness checked in C, streaming,
    nothing kept; an undeclared entity is an error and no entity is ever fetched."""
    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _refuse_dtd
    return parser


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
