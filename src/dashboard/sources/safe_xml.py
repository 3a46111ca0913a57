"""Parse untrusted XML with expat, refusing any document type declaration.

Spreadsheet parts never declare a DTD; refusing one means no entity can be declared, so none
is ever expanded (no "billion laughs"), and no external resource is ever fetched. expat keeps
no recursion of its own, so deep nesting costs memory for our handlers' state only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from xml.parsers import expat

from dashboard.errors import XmlRefused

CHUNK = 1 << 20


def _refuse_doctype(*_: object) -> None:
    raise XmlRefused("it declares an XML document type (DTD), which spreadsheets never do")


def parser() -> expat.XMLParserType:
    """An expat parser with text buffered and DTDs refused; the caller sets the handlers."""
    made = expat.ParserCreate()
    made.buffer_text = True
    made.buffer_size = 1 << 16
    made.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    made.StartDoctypeDeclHandler = _refuse_doctype
    made.EntityDeclHandler = _refuse_doctype
    return made


def feed(made: expat.XMLParserType, chunks: Iterable[bytes]) -> None:
    """Parse every chunk, then finish; malformed XML becomes XmlRefused."""
    try:
        for chunk in chunks:
            made.Parse(chunk, False)
        made.Parse(b"", True)
    except expat.ExpatError as exc:
        raise XmlRefused(f"its XML is malformed ({expat.errors.messages[exc.code]})") from exc


def local(name: str) -> str:
    """'x:c' -> 'c': names compared without their namespace prefix, as readers do."""
    return name.rpartition(":")[2]


def has_doctype(xml: bytes) -> bool:
    """Whether raw XML holds a DTD or an entity declaration (checked before another parser
    reads it)."""
    return _DECLARATION.search(xml) is not None


_DECLARATION = re.compile(rb"<!(?i:doctype|entity)")
