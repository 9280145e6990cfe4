"""Reading and writing indicator files (YAML).

YAML is read safely and as text: the parser's events (from the C parser when
PyYAML has it) are read straight into plain text, lists and mappings, never
constructed into objects, so no tag can build anything.  Every scalar stays
the text it was written in, so a number becomes an exact Decimal later, and
``0101`` keeps its leading zero.  The event marks give every problem its
file, line and column.

>>> book = loads('''
... perfeval: 1
... department: {code: "323", name: 人社局}
... year: 2023
... projects:
...   - name: 招聘经费
...     indicators:
...       - {group: 产出指标, subgroup: 数量指标, name: 招聘活动组织次数, target: ≥25次}
... ''')
>>> book.indicator("招聘经费/招聘活动组织次数").evaluator.score("20次", 10).points
Decimal('8.0')
"""

from __future__ import annotations

import contextlib
import gc
import os
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import yaml

from ..book.builder import build
from ..book.model import Book
from ..book.model import Path as KeyPath
from ..codes import Code
from ..errors import BookError, Diagnostic, Location
from ..limits import MAX_YAML_DEPTH
from .cache import entry_key, lookup, store
from .files import PathLike, decode_text, read_bytes

__all__ = ["load", "loads", "dump", "dump_data", "read_document"]

try:  # the C composer is several times faster; the pure-Python one reads the same
    from yaml import CBaseLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import BaseLoader as _Loader  # type: ignore[assignment]

# Tags a plain text document carries; any other tag is refused.
_TAGS = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
MAX_DEPTH = MAX_YAML_DEPTH
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


def load(path: PathLike, *, source: str | None = None, cache: bool = False) -> Book:
    """Load an indicator file into a :class:`~perfeval.book.Book`.

    ``path`` is a path (``str`` or ``os.PathLike``); for YAML text use
    :func:`loads`.  Raises :class:`~perfeval.errors.BookError` carrying every
    problem found, each with file, line and column; the book's
    ``diagnostics`` hold the warnings of a file that loads.

    With ``cache=True`` a book loaded before comes from the on-disk cache
    (:mod:`perfeval.io.cache`, ``docs/cache.md``) without being parsed, and
    a book loaded afresh is written there; the book and its diagnostics are
    the same either way.  A file that does not load is never cached.

    Text with a line break given to ``load`` is still read as YAML, with a
    ``DeprecationWarning``: that reading goes in a later release.
    """
    if isinstance(path, str) and ("\n" in path or not path.strip()):
        warnings.warn("load(text) is deprecated; use perfeval.loads(text) for YAML text, load(path) for files",
                      DeprecationWarning, stacklevel=2)
        return loads(path, source=source or "<text>")
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"load() takes a path (str or os.PathLike), not {type(path).__name__}; "
                        "for YAML text use perfeval.loads")
    file = Path(path)
    raw, problem = read_bytes(file)
    if problem is not None:
        raise BookError([problem], str(file))
    name = source or str(file)
    key = entry_key(raw, name) if cache else None
    if key is not None:
        with _collector_paused():  # an entry makes as many lasting objects as the YAML does
            cached = lookup(file, name, key)
        if cached is not None:
            return cached
    text, problem = decode_text(raw, str(file))  # the same encodings as the tables (issue 10, item 20)
    if problem is not None:
        raise BookError([problem], str(file))
    book = loads(text, source=name)
    if key is not None:
        with _collector_paused():  # writing an entry makes many short-lived objects beside the book's
            store(file, name, key, book)
    return book


def loads(text: str, *, source: str = "<text>") -> Book:
    """Build a :class:`~perfeval.book.Book` from YAML text; ``source``
    names it in locations.  Raises :class:`~perfeval.errors.BookError`."""
    if not isinstance(text, str):
        raise TypeError(f"loads() takes YAML text, not {type(text).__name__}")
    with _collector_paused():
        return _loads(text, source)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off while a book is read and compiled.

    Reading makes hundreds of thousands of small objects that all live on;
    the collector would walk them again and again for nothing (a fifth of the
    time of a large book).  It is switched back on after, if it was on; a
    thread that loads at the same time only loses the same saving."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _loads(text: str, source: str) -> Book:
    document, locate, problems = read_document(text, source)
    if any(p.severity == "error" for p in problems) and document is None:
        raise BookError(problems, source)
    try:
        book = build(document, locate=locate, source=source)
    except BookError as error:
        raise BookError((*problems, *error.problems), source) from None
    if problems:
        raise BookError((*problems, *book.diagnostics), source)
    return book


Locator = Callable[[KeyPath], Location]


def read_document(text: str, source: str = "<text>") -> tuple[Any, Locator, list[Diagnostic]]:
    """Read YAML text into plain data (text, lists, dicts) and a locator.

    Returns ``(document, locate, problems)``.  ``locate(path)`` gives the
    :class:`~perfeval.errors.Location` of a path such as
    ``("activities", 0, "code")``.

    >>> document, locate, problems = read_document("a: [x, y]\\n")
    >>> document, locate(("a", 1)).column, problems
    ({'a': ['x', 'y']}, 8, [])
    """
    reader = _Reader(source, text)
    try:
        document = reader.read(yaml.parse(text, Loader=_Loader))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = reader.where(mark) if mark else reader.start
        message = " ".join(filter(None, [error.context, error.problem]))
        return None, reader.locate, [Diagnostic(Code.YAML_SYNTAX, "error", f"not valid YAML: {message}",
                                                location=where)]
    except yaml.YAMLError as error:  # pragma: no cover - every reader error carries a mark
        return None, reader.locate, [Diagnostic(Code.YAML_SYNTAX, "error", f"not valid YAML: {error}",
                                                location=reader.start)]
    if reader.fatal:
        return None, reader.locate, reader.problems
    return document, reader.locate, reader.problems


# A mapping's key while its value is read and thrown away (the second value of
# a duplicate key, or the value of a key that is not text), and while a key
# that is not text is read.
_DROP: Any = object()
_BAD_KEY: Any = object()


class _Collection:
    """A list or mapping being read: its path, and for a mapping the key
    waiting for its value (``_DROP`` when that value is to be thrown away)."""

    __slots__ = ("dropped", "firsts", "key", "key_mark", "path", "value")

    def __init__(self, path: tuple[Any, ...], value: Any, dropped: bool) -> None:
        self.path = path
        self.value = value
        self.key: Any = None
        self.key_mark: Any = None
        self.firsts: dict[str, Any] = {}
        self.dropped = dropped


class _Reader:
    """Builds plain data straight from the parser's events, recording each
    path's position.

    Reading events rather than a composed node tree keeps a big book's peak
    memory near the size of its data (issue 10): no tree of nodes is held,
    and each path keeps a few integers rather than its node.  One pass also
    refuses what an indicator file never needs, before it costs anything:

    - aliases, which can make a small file expand without bound (billion
      laughs);
    - nesting deeper than ``MAX_DEPTH``;
    - tags other than plain text, lists and mappings, so that nothing can
      construct an object.
    """

    def __init__(self, source: str, text: str) -> None:
        self.source = source
        self.lines = text.splitlines()
        self.start = self.at(0, 0)
        # path -> (line, column) where it is placed (a mapping entry at its
        # key, a list item at its start), then the line and column where its
        # value starts, and for a scalar whose characters can be placed the
        # columns its quote adds (0 or 1), else -1.
        self.marks: dict[tuple[Any, ...], tuple[int, int, int, int, int]] = {}
        self.problems: list[Diagnostic] = []
        self.fatal = False

    def at(self, line: int, column: int) -> Location:
        """The location of a 0-based line and column, with the line's text for a caret."""
        text = self.lines[line] if 0 <= line < len(self.lines) else None
        return Location(self.source, line + 1, column + 1, line_text=text)

    def where(self, mark: Any) -> Location:
        return self.at(mark.line, mark.column)

    def fail(self, code: Code, message: str, mark: Any, fatal: bool = True) -> None:
        self.problems.append(Diagnostic(code, "error", message, location=self.where(mark)))
        self.fatal = self.fatal or fatal

    def read(self, events: Any) -> Any:
        """The one document of the stream, as plain data (None after a fatal problem)."""
        stack: list[_Collection] = []
        document: Any = None
        documents = 0
        for event in events:
            kind = type(event)
            if kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    self.fail(Code.YAML_SYNTAX, "not valid YAML: expected a single document in the stream, "
                              "but found another document", event.start_mark)
                    return None
                continue
            if kind is yaml.AliasEvent:
                self.fail(Code.YAML_ANCHOR, f"the alias *{event.anchor} is not allowed in indicator files",
                          event.start_mark)
                return None
            if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                value = stack.pop()
                done = value.value if not value.dropped else _DROP
            elif kind is yaml.ScalarEvent or kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                if event.tag not in _TAGS and event.tag not in (None, "!"):
                    tag = event.tag.replace("tag:yaml.org,2002:", "!!")
                    self.fail(Code.YAML_TAG, f"the tag {tag!r} is not allowed; indicator files hold plain text, "
                              "lists and mappings", event.start_mark)
                    return None
                parent = stack[-1] if stack else None
                dropped = parent is not None and (parent.dropped or parent.key is _DROP or parent.key is _BAD_KEY)
                if parent is None:
                    path: tuple[Any, ...] = ()
                elif isinstance(parent.value, list):
                    path = (*parent.path, len(parent.value))
                elif parent.key is None:  # this is a key
                    path = parent.path
                else:
                    path = (*parent.path, parent.key)
                is_key = parent is not None and isinstance(parent.value, dict) and parent.key is None
                if kind is yaml.ScalarEvent:
                    done = self._scalar(event, path, parent, dropped or is_key)
                    if is_key:
                        self._key(parent, event)  # type: ignore[arg-type]
                        continue
                else:
                    if len(stack) >= MAX_DEPTH:
                        self.fail(Code.TOO_DEEP, f"nesting deeper than {MAX_DEPTH} levels", event.start_mark)
                        return None
                    if is_key:
                        self.fail(Code.WRONG_TYPE, "a mapping key must be plain text", event.start_mark)
                        parent.key = _BAD_KEY  # type: ignore[union-attr]
                        dropped = True
                    if not dropped:
                        self._mark(path, parent, event, -1)
                    stack.append(_Collection(path, {} if kind is yaml.MappingStartEvent else [], dropped))
                    continue
            else:  # stream and document ends, the stream's start
                continue
            if not stack:
                document = done
                continue
            parent = stack[-1]
            if isinstance(parent.value, list):
                if done is not _DROP:
                    parent.value.append(done)
            elif parent.key is _BAD_KEY:  # the key ended; its value goes too
                parent.key = _DROP
            elif parent.key is _DROP:
                parent.key = None
            else:
                if done is not _DROP:
                    parent.value[parent.key] = done
                parent.key = None
        if documents == 0:
            self.problems.append(Diagnostic(Code.EMPTY_FILE, "error", "the file holds no definitions",
                                            location=self.start))
            self.fatal = True
            return None
        return document

    def _key(self, mapping: _Collection, event: Any) -> None:
        key = event.value
        if mapping.dropped:
            mapping.key = key
            return
        if key in mapping.firsts:
            first = mapping.firsts[key]
            self.fail(Code.DUPLICATE_KEY, f"the key {key!r} is given twice; first at line {first.line + 1}",
                      event.start_mark, fatal=False)
            mapping.key = _DROP
            return
        mapping.firsts[key] = event.start_mark
        mapping.key, mapping.key_mark = key, event.start_mark

    def _mark(self, path: tuple[Any, ...], parent: _Collection | None, event: Any, shift: int) -> None:
        # A mapping entry is placed at its key, a list item at its start.
        start = event.start_mark
        place = parent.key_mark if parent is not None and isinstance(parent.value, dict) else start
        self.marks[path] = (place.line, place.column, start.line, start.column, shift)

    def _scalar(self, event: Any, path: tuple[Any, ...], parent: _Collection | None, dropped: bool) -> Any:
        value, style = event.value, event.style
        if dropped:
            return _DROP
        # Plain scalars have style None (or "" from the C loader); quotes add
        # a column.  Spans are in the text as written (tokenizer.as_typed).
        placeable = style in (None, "", "'", '"') and value == value.strip() and "\n" not in value
        self._mark(path, parent, event, (1 if style else 0) if placeable else -1)
        # An empty value or a plain null is nothing, not the text "null".
        if style in (None, "") and value in _NULLS:
            return None
        return value

    def locate(self, path: tuple[Any, ...]) -> Location:
        """The location of a path; ``(*path, "@", n)`` is the n-th character
        of a scalar's text as written, when it can be placed."""
        if len(path) >= 2 and path[-2] == "@":
            found = self.marks.get(path[:-2])
            if found is None:
                return self.locate(path[:-2])
            _, _, line, column, shift = found
            return self.at(line, column + path[-1] + shift if shift >= 0 else column)
        found = self.marks.get(path)
        while found is None and path:
            path = path[:-1]
            found = self.marks.get(path)
        if found is None:
            return self.start
        return self.at(found[0], found[1])


def dump(book: Book) -> str:
    """The book as YAML text in the file format; :func:`load` reads it back
    to an equal book."""
    return dump_data(book.to_data(), f"{book.department_name} {book.year}: written by perfeval")


def dump_data(data: dict[str, Any], title: str) -> str:
    """Plain data in the file format as YAML text, under a ``# title`` line."""
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return f"# {title}\n" + yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=4096,
                                      default_flow_style=False)
