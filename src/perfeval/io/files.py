"""Files in and out: bounded reading, and one atomic writer for every output.

Every file perfeval reads goes through :func:`read_bytes`, which refuses
folders, unreadable files and files over :data:`MAX_BYTES`.  Every file it
writes goes through :func:`write_atomic`: the text (or the bytes of a binary
file, such as the xlsx workbook) goes to a temporary file in the same
folder, is flushed to disk, and is renamed over the old file, so that a
failed or killed run never leaves a torn file behind.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> write_atomic(folder / "out.csv", "a,b\\n")
>>> (folder / "out.csv").read_text()
'a,b\\n'
>>> write_atomic(folder / "out.csv", "a,b\\n", encoding="utf-8-sig")  # with the BOM Excel looks for
>>> (folder / "out.csv").read_bytes()
b'\\xef\\xbb\\xbfa,b\\n'
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, Union

from ..codes import Code
from ..errors import Diagnostic, Location, PerfevalError
from ..limits import MAX_BYTES

__all__ = ["read_bytes", "decode_text", "write_atomic", "atomic_output", "MAX_BYTES", "PathLike"]

PathLike = Union[str, "os.PathLike[str]"]


def read_bytes(path: Path) -> tuple[bytes, Diagnostic | None]:
    """A file's bytes, or the problem that stops them being read: missing,
    a directory, not a regular file (a device or a pipe), unreadable, or
    over :data:`MAX_BYTES` (hostile input)."""
    where = Location(str(path), 1, 1)
    try:
        if path.is_dir():
            raise IsADirectoryError(21, "is a directory")
        if path.exists() and not path.is_file():  # /dev/zero, a FIFO: no end, or a wait for a writer
            return b"", Diagnostic(Code.UNREADABLE, "error", "not a regular file (a device, a pipe or a socket)",
                                   location=where)
        with path.open("rb") as given:
            data = given.read(MAX_BYTES + 1)  # what is read is bounded, whatever stat says (/proc files say 0)
    except OSError as error:
        return b"", Diagnostic(Code.UNREADABLE, "error", error.strerror or str(error), location=where)
    except ValueError:  # the path itself cannot name a file
        return b"", Diagnostic(Code.UNREADABLE, "error", "the path holds a NUL byte",
                               location=Location(repr(str(path)), 1, 1))
    if len(data) > MAX_BYTES:
        return b"", Diagnostic(Code.TOO_LARGE, "error", f"the file is over {MAX_BYTES // 2**20} MiB", location=where)
    return data, None


# Byte-order marks, longest first: each names its encoding outright.
BOMS = ((b"\x84\x31\x95\x33", "gb18030"), (b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"),
         (b"\xfe\xff", "utf-16-be"))
_SAVE_AS = "save it as UTF-8 (Excel: 'CSV UTF-8'), or as GB18030"


def decode_text(raw: bytes, source: str) -> tuple[str, Diagnostic | None]:
    """The text of a file perfeval reads, indicator file or table alike: by
    its byte-order mark (UTF-8, UTF-16 as Excel's "Unicode text" writes it,
    GB18030), else UTF-8, else GB18030.  UTF-8 that breaks after Chinese
    text was read is corrupt UTF-8, never retried as GB18030: that would
    read it wrong, silently.  A problem names the byte offset.

    >>> decode_text("实际".encode("utf-16"), "a.csv")
    ('实际', None)
    >>> decode_text("实际".encode("utf-8") + b"\\xff", "a.csv")[1].message
    "the file is not valid UTF-8: invalid start byte at byte 6; save it as UTF-8 (Excel: 'CSV UTF-8'), or as GB18030"
    """
    for mark, encoding in BOMS:
        if raw.startswith(mark):
            return _decoded(raw[len(mark):], encoding, source, len(mark))
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as error:
        read = raw[:error.start].decode("utf-8")
        if any(ord(c) >= 0x800 for c in read):  # Chinese was read as UTF-8: this is broken UTF-8
            return "", _not_text("UTF-8", error, source, 0)
    return _decoded(raw, "gb18030", source, 0)


def _decoded(raw: bytes, encoding: str, source: str, offset: int) -> tuple[str, Diagnostic | None]:
    try:
        return raw.decode(encoding), None
    except UnicodeDecodeError as error:
        name = {"gb18030": "GB18030 (or UTF-8)", "utf-8": "UTF-8"}.get(encoding, encoding.upper())
        return "", _not_text(name, error, source, offset)


def _not_text(name: str, error: UnicodeDecodeError, source: str, offset: int) -> Diagnostic:
    return Diagnostic(Code.NOT_TEXT, "error", f"the file is not valid {name}: {error.reason} at byte "
                      f"{offset + error.start}; {_SAVE_AS}", location=Location(source, 1, 1))


def write_atomic(path: PathLike, content: str | bytes, *, encoding: str = "utf-8",
                 inputs: Iterable[PathLike] = ()) -> None:
    """Write ``content`` to ``path`` so that the old file stays whole until
    the new one is complete: a temporary file in the same folder, flushed and
    synced, then renamed over it.  Text is written in ``encoding``, as it is
    (no newline translation); bytes as they are.  A ``path`` that is one of
    ``inputs`` is refused, so that an output never replaces what the run
    reads.

    Raises :class:`OSError` when the file cannot be written,
    :class:`UnicodeEncodeError` for text that ``encoding`` cannot hold, and
    :class:`~perfeval.errors.PerfevalError` (``output-is-input``) for an output
    that is one of the inputs.
    """
    data = content if isinstance(content, bytes) else content.encode(encoding)  # before any file is made
    with atomic_output(path, inputs=inputs) as out:
        out.write(data)


@contextlib.contextmanager
def atomic_output(path: PathLike, *, inputs: Iterable[PathLike] = ()) -> Iterator[BinaryIO]:
    """A binary file to write a stream into, which replaces ``path`` only when
    the block ends without an exception (as :func:`write_atomic`); on an
    exception the old file stays as it was and the temporary one goes."""
    target = Path(path)
    for given in inputs:
        if _same_file(target, Path(given)):
            raise PerfevalError(Code.OUTPUT_IS_INPUT, f"{target} is one of the inputs; write the output elsewhere")
    folder = target.parent
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        if target.exists():  # keep the old file's permissions
            os.chmod(temporary, target.stat().st_mode & 0o7777)
        else:
            os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _sync_folder(folder)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable, where the system allows it."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - Windows cannot open a folder
        return
    try:
        os.fsync(descriptor)
    except OSError:  # pragma: no cover - some file systems refuse
        pass
    finally:
        os.close(descriptor)
