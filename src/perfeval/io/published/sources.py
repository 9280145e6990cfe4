"""Reading a published file into a :class:`~.document.Document`, by its kind.

Plain text (``.txt``) is read by the core.  Word (``.docx``), Excel
(``.xlsx``) and PDF (``.pdf``) need the ``import`` extra: python-docx,
openpyxl and pdfplumber, imported only when such a file is read.
"""

from __future__ import annotations

from pathlib import Path

from ...codes import Code
from ...errors import BookError, Diagnostic, Location
from ..files import PathLike, decode_text, read_bytes
from .document import Document, read_text
from .targets import Imported, read_document_tables

__all__ = ["read_source", "read_tables"]

TEXT_SUFFIXES = (".txt", ".text")


def read_source(path: PathLike) -> Document:
    """The document in a published file; raises :class:`~perfeval.errors.BookError`
    (``unreadable``, ``not-text``, ``unknown-source``, ``missing-extra``)."""
    file = Path(path)
    suffix = file.suffix.lower()
    if suffix not in TEXT_SUFFIXES:
        raise BookError([Diagnostic(Code.UNKNOWN_SOURCE, "error",
                                    f"cannot import {suffix or 'a file without a suffix'}: "
                                    f"perfeval reads {', '.join(TEXT_SUFFIXES)}", location=Location(str(file)))],
                        str(file))
    raw, problem = read_bytes(file)
    if problem is None:
        text, problem = decode_text(raw, str(file))
    if problem is not None:
        raise BookError([problem], str(file))
    return read_text(text, str(file))


def read_tables(path: PathLike, *, department: str | None = None, code: str | None = None,
                year: int | None = None) -> Imported:
    """Read the 绩效目标 tables of a published file into a book.

    Returns an :class:`~.targets.Imported`: the book (``None`` if the
    source's own defects stop it building), its plain data as the file
    format writes it, every diagnostic located in the source, and a summary.
    ``department``, ``code`` and ``year`` override what the document states.
    """
    return read_document_tables(read_source(path), department=department, code=code, year=year)
