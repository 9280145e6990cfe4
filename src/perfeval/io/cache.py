"""Compiled books cached on disk, so that loading a book read before skips
parsing it (issue 12).

``perfeval.load(path, cache=True)`` looks in the cache folder for an entry
of the file; without a usable one it loads the file as usual and writes an
entry.  An entry is data, never code: JSON and an array of integers that
name perfeval's own frozen classes (a fixed list, :data:`CLASSES`) and give
their field values.  Reading one calls those classes with those values,
after checking each value against the field's type; nothing is unpickled,
evaluated, or looked up by a name the list does not hold.  Each distinct
value is written once and referred to by its place, so a compiled
definition shared by the indicators written alike stays shared when it is
read back.

An entry is keyed by the SHA-256 of the file's bytes, the name the book's
locations give it (``source``), and a hash of perfeval's own source files
(the version string does not change between commits).  A stale entry, a
corrupt one, or one that is not what perfeval writes is ignored and
overwritten by a fresh load: never trusted, and never an error.
``docs/cache.md`` says where the folder is, and that it is safe to delete.

>>> import perfeval
>>> book = perfeval.loads('''
... perfeval: 1
... department: {name: 人社局}
... year: 2023
... activities:
...   - code: "0101"
...     name: 就业
...     indicators:
...       - {name: 社会保险补贴到位率, ladder: {优: 100%, 良: ≥90%, 中: ≥80%, 差: <80%}}
... ''')
>>> entry = encode(book, "key")
>>> decode(entry, "key") == book, decode(entry, "another key"), decode(entry[:-9], "key")
(True, None, None)
"""

from __future__ import annotations

import array
import datetime
import functools
import hashlib
import json
import operator
import os
import sys
import threading
import types
import typing
import warnings
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from itertools import chain
from pathlib import Path
from typing import Any

import attrs

from ..book.model import Activity, Book, FrameworkBlock, Goal, Indicator, Project, Scoring
from ..codes import Code
from ..errors import Diagnostic, Flag, Location
from ..evaluate.actuals import Axis, shared
from ..evaluate.intervals import Interval
from ..evaluate.ladder import Band, Ladder
from ..evaluate.scheme import Scheme
from ..evaluate.target import Target
from ..limits import MAX_BYTES
from ..notation.conditions import Compare, Deadline, Delay, NotApplicable, Op, Period, Quantity, Range, Words
from ..notation.units import Unit
from .files import atomic_output

__all__ = ["CacheInfo", "cache_info", "cache_folder", "source_hash", "entry_key", "lookup", "store", "encode",
           "decode", "check_classes", "CLASSES", "FORMAT"]

# The entry format, named on its first line.  A change to how entries are
# written changes it; a change to the classes changes the source hash.
FORMAT = "perfeval-book-cache/1"

# Every class a compiled book is made of, and nothing else: the only classes
# an entry can construct.  tests/test_cache.py checks that the books of the
# seed, the examples and the benchmark reach no other, and
# :func:`check_classes` fails on a field whose type names a class not listed.
CLASSES: tuple[type, ...] = (
    Book, Scoring, Scheme, Goal, Activity, Project, FrameworkBlock, Indicator, Location, Diagnostic, Flag,
    Ladder, Band, Target, Axis, Interval, Quantity, Unit, Compare, Range, Deadline, Period, Delay, Words,
    NotApplicable,
)
ENUMS: tuple[type, ...] = (Code, Op)
# What a listed class's values go through once made, as compiling does:
# equal axes are one object in a process, and share their readings.
_MADE: dict[type, Callable[[Any], Any]] = {Axis: shared}

# An entry is at most this big (one is about one and a half times the size
# of its file, at most 16 MiB); a bigger file is no entry of perfeval's, and
# is not read.
MAX_ENTRY_BYTES = 16 * MAX_BYTES


# ---------------------------------------------------------------------------
# where entries live, and their keys


def cache_folder() -> Path:
    """The folder of the cache: ``$PERFEVAL_CACHE_DIR`` if set, else
    ``$XDG_CACHE_HOME/perfeval``, else the platform's cache folder:
    ``~/.cache/perfeval``, ``~/Library/Caches/perfeval`` on macOS, or
    ``%LOCALAPPDATA%\\perfeval\\Cache`` on Windows.

    >>> import os
    >>> cache_folder().name in ("perfeval", "Cache") or "PERFEVAL_CACHE_DIR" in os.environ
    True
    """
    chosen = os.environ.get("PERFEVAL_CACHE_DIR")
    if chosen:
        return Path(chosen)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):  # the XDG spec: a relative path is invalid, and ignored
        return Path(xdg) / "perfeval"
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA")
        return (Path(local) if local else Path.home() / "AppData" / "Local") / "perfeval" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "perfeval"
    return Path.home() / ".cache" / "perfeval"


@functools.cache
def source_hash() -> str | None:
    """SHA-256 over perfeval's own ``*.py`` files and ``schema.json``, in
    the order of their paths: any change to the code changes every key.
    Computed once per process; ``None`` when the files cannot be read (a
    zipped install), and then nothing is cached."""
    package = Path(__file__).resolve().parent.parent
    try:
        files = sorted((p for p in package.rglob("*") if p.suffix == ".py" or p.name == "schema.json"),
                       key=lambda p: p.relative_to(package).as_posix())
        digest = hashlib.sha256()
        for file in files:
            _update(digest, file.relative_to(package).as_posix().encode(), file.read_bytes())
    except OSError:
        return None
    return digest.hexdigest() if files else None


def entry_key(raw: bytes, source: str) -> str | None:
    """The key of a book: the entry format, perfeval's source hash, the
    ``source`` name its locations give, and the file's bytes; ``None`` when
    perfeval's source cannot be hashed."""
    code = source_hash()
    if code is None:
        return None
    digest = hashlib.sha256()
    _update(digest, FORMAT.encode(), code.encode(), source.encode("utf-8", "surrogatepass"),
            hashlib.sha256(raw).digest())
    return digest.hexdigest()


def _update(digest: Any, *parts: bytes) -> None:
    for part in parts:  # each part's length first: no two lists of parts hash alike
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)


def _entry_path(path: str | os.PathLike[str], source: str) -> Path:
    # One entry per file and source name: a changed file, or a new perfeval,
    # overwrites its old entry instead of leaving it behind.
    where = f"{os.path.abspath(os.fspath(path))}\0{source}".encode("utf-8", "surrogatepass")
    return cache_folder() / f"book-{hashlib.sha256(where).hexdigest()[:32]}.entry"


# ---------------------------------------------------------------------------
# what the cache did


@attrs.frozen
class CacheInfo:
    """What the cache did in this process: entries read and used
    (``hits``), loads that found none usable (``misses``), and of those the
    entries found but ignored as stale or corrupt (``ignored``), and the
    entries written (``written``)."""

    hits: int = 0
    misses: int = 0
    ignored: int = 0
    written: int = 0


_counts = {"hits": 0, "misses": 0, "ignored": 0, "written": 0}
_counting = threading.Lock()


def _count(*names: str) -> None:
    with _counting:
        for name in names:
            _counts[name] += 1


def cache_info() -> CacheInfo:
    """The counts so far, in this process.

    >>> cache_info().hits >= 0
    True
    """
    with _counting:
        return CacheInfo(**_counts)


# ---------------------------------------------------------------------------
# reading and writing an entry


def lookup(path: str | os.PathLike[str], source: str, key: str) -> Book | None:
    """The book of the entry for ``path`` and ``source``, if it has ``key``
    and reads back whole; else ``None``.  Never raises on a bad entry."""
    try:
        with open(_entry_path(path, source), "rb") as given:
            data = given.read(MAX_ENTRY_BYTES + 1)
    except (OSError, RuntimeError, ValueError):  # no entry, no folder, no home folder to find it in
        _count("misses")
        return None
    book = decode(data, key) if len(data) <= MAX_ENTRY_BYTES else None
    if book is None:
        _count("ignored", "misses")
    else:
        _count("hits")
    return book


def store(path: str | os.PathLike[str], source: str, key: str, book: Book) -> bool:
    """Write the entry of ``book``, atomically; False when it cannot be
    written, which is no error: the cache only saves time."""
    try:
        data = encode(book, key)
    except TypeError as error:  # a class the cache does not know: a bug, said, and never fatal
        warnings.warn(f"perfeval could not cache {source}: {error}", RuntimeWarning, stacklevel=3)
        return False
    try:
        file = _entry_path(path, source)
        file.parent.mkdir(parents=True, exist_ok=True)
        with atomic_output(file) as out:
            out.write(data)
    except (OSError, RuntimeError, ValueError):  # a folder that cannot be made or written, no home folder
        return False
    _count("written")
    return True


# An entry is four parts; each of the first three ends at a newline:
#
# 1. the header, JSON: the format, the key, and the SHA-256 of the rest of
#    the entry, so that a torn or altered entry is never read;
# 2. the kinds of value the entry holds, JSON: each a listed class with its
#    fields in order, or a plain kind (str, int, decimal, date, fraction,
#    tuple, frozenset, dict, or an enum), by name;
# 3. the groups, JSON (below);
# 4. the places, unsigned 32-bit integers, little-endian, to the end.
#
# Every distinct value is written once and referred to by its place in one
# numbering: 0, 1 and 2 are None, False and True, and the rest follow group
# by group.  A group holds the values of one kind at one height (a plain
# value is 0, a collection one higher than the highest value it holds, a
# listed class one higher than the highest type its fields name), so that
# a group refers only to the groups before it, and is read at once, column
# by column, rather than value by value.  A group is ``[kind, what]``, the kind a place in the
# list of kinds, and ``what``:
#
# - for text, integers, decimals (their text: the exponent kept), dates
#   (ISO text), enum members (their value) and fractions ([n, d]): a list of
#   them;
# - for tuples, frozensets and dicts (keys and values in turn): a list of
#   lists of places;
# - for a listed class: how many values the group holds, N, then per field
#   the place of the value it has in every one of them, or null.  The
#   fields that are null there take the next N places each, a column per
#   field in their order.

_FIXED = (None, False, True)
_STR, _INT, _DECIMAL, _DATE, _FRACTION, _TUPLE, _FROZENSET, _DICT = (
    "str", "int", "decimal", "date", "fraction", "tuple", "frozenset", "dict")
# Places are unsigned 32-bit integers: the typecode whose items are 4 bytes.
_PLACE = next(code for code in "IL" if array.array(code).itemsize == 4)


def encode(book: Book, key: str) -> bytes:
    """An entry for ``book`` under ``key``.  Raises :class:`TypeError` on a
    value of a type the cache does not know."""
    kinds, groups, places = _table(book)
    if sys.byteorder == "big":  # pragma: no cover - the entry is little-endian on every machine
        places.byteswap()
    # A file name may hold a lone surrogate (surrogateescape); it is written as it is.
    rest = f"{_json(kinds)}\n{_json(groups)}\n".encode("utf-8", "surrogatepass") + places.tobytes()
    header = {"format": FORMAT, "key": key, "sha256": hashlib.sha256(rest).hexdigest()}
    return f"{_json(header)}\n".encode() + rest


def decode(data: bytes, key: str) -> Book | None:
    """The book an entry holds, or ``None`` when it is not an entry of this
    key in this format that reads back whole: never a book in part."""
    try:
        head, _, rest = data.partition(b"\n")
        header = json.loads(head)
        if type(header) is not dict or header.get("format") != FORMAT or header.get("key") != key or \
                header.get("sha256") != hashlib.sha256(rest).hexdigest():
            return None
        kinds, _, rest = rest.partition(b"\n")
        body, _, tail = rest.partition(b"\n")
        builders = [_builder(kind) for kind in _list(json.loads(kinds))]
        groups = _list(json.loads(body.decode("utf-8", "surrogatepass")))
        places = array.array(_PLACE)
        places.frombytes(tail)  # a length that is no multiple of 4: ValueError
        if sys.byteorder == "big":  # pragma: no cover
            places.byteswap()
        reading = _Reading(places)
        for group in groups:
            kind, what = _list(group)  # not two: ValueError
            reading.values.extend(builders[kind](what, reading))
        root = reading.values[-1]
        if reading.used != len(places) or type(root) is not Book:
            return None
        return root
    except Exception:  # whatever is wrong with an entry, it is only ignored
        return None


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _name(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


@attrs.frozen
class _Class:
    """A listed class as an entry writes it: its fields in the order of its
    columns, the first ``positional`` of them given to it by position."""

    cls: type
    fields: tuple[str, ...]  # attribute names, as getattr reads them
    aliases: tuple[str, ...]  # their names as __init__ takes them
    positional: int

    def columns(self, values: list[Any]) -> list[list[Any]]:
        """The values of each field of ``values``, field by field."""
        return [list(map(operator.attrgetter(name), values)) for name in self.fields]


@functools.cache
def _classes() -> dict[str, _Class]:
    found = {}
    for cls in CLASSES:
        # An init=False field (Book.by_id, Ladder.worst, an Axis's memo of
        # readings) is made by the class itself, and never written.
        init = [f for f in attrs.fields(cls) if f.init]
        ordered = [f for f in init if not f.kw_only] + [f for f in init if f.kw_only]
        found[_name(cls)] = _Class(cls, tuple(f.name for f in ordered), tuple(f.alias or f.name for f in ordered),
                                   sum(not f.kw_only for f in init))
    return found


# The values written as they are (by their text, their value, their pair),
# each kind once per distinct key; the rest hold places.
_LEAVES: dict[type, tuple[str, Callable[[Any], Any]]] = {
    str: (_STR, lambda value: value),
    int: (_INT, lambda value: value),
    Decimal: (_DECIMAL, str),  # str keeps the exponent: 7E+7 is not 70000000
    datetime.date: (_DATE, datetime.date.isoformat),
    Fraction: (_FRACTION, lambda value: (value.numerator, value.denominator)),
    **{e: (_name(e), operator.attrgetter("value")) for e in ENUMS},
}
_HOLDERS = {tuple: _TUPLE, frozenset: _FROZENSET, dict: _DICT}


@functools.cache
def _ranks() -> dict[type, int]:
    """The height of each kind of value that its class decides: the fixed
    values -1, plain values 0, and a listed class one more than the highest
    type its fields name.  A collection's height is its own: one more than
    what it holds."""
    ranks: dict[type, int] = {type(None): -1, bool: -1, **dict.fromkeys(_LEAVES, 0)}

    def of(hint: Any) -> int:
        origin, args = typing.get_origin(hint), typing.get_args(hint)
        if origin is typing.Union or origin is types.UnionType:
            return max(map(of, args))
        if origin in _HOLDERS:
            return 1 + max(of(a) for a in args if a is not Ellipsis)
        if hint not in ranks:
            if hint not in CLASSES:
                raise TypeError(f"the book cache cannot write a field of type {hint!r}")
            ranks[hint] = 1 + max((of(h) for f, h in typing.get_type_hints(hint).items()
                                   if f in _classes()[_name(hint)].fields), default=0)
        return ranks[hint]

    for cls in CLASSES:
        of(cls)
    return ranks


# How the writer finds the place of a field's value: by the value itself in
# a field of text (or None, or a boolean: among texts, True meets no 1 it
# would equal) or of integers (or None), which is quick, else by identity.
_TEXT, _NUMBER, _IDENTITY = "text", "number", "identity"


@functools.cache
def _lanes(name: str) -> tuple[str, ...]:
    known = _classes()[name]
    hints = typing.get_type_hints(known.cls)
    lanes = []
    for field in known.fields:
        top = _top(hints[field])
        lanes.append(_TEXT if top <= {str, bool, type(None)} else _NUMBER if top <= {int, type(None)} else _IDENTITY)
    return tuple(lanes)


def _columns(rows: list[tuple[int, ...]], places: array.array[int]) -> list[Any]:
    """What a group of a listed class holds, its ``rows`` of places given:
    their count, then per field the one place every row has, or None when
    they differ; the places of those fields go to ``places``, a column each."""
    constant: list[int | None] = []
    for column in zip(*rows, strict=True):
        if len(set(column)) == 1:  # half the columns of a book are alike (the source, no description …)
            constant.append(column[0])
        else:
            constant.append(None)
            places.extend(column)
    return [len(rows), *constant]


def _table(root: Any) -> tuple[list[list[Any]], list[list[Any]], array.array[int]]:
    """The kinds, the groups and the places of an entry for ``root``.

    Each value of the book is found once, class by class, then numbered
    group by group, lowest first, by what it holds: so equal values (the
    same text read twice, two equal definitions) are written once, and a
    value shared by several indicators stays one."""
    named = _classes()
    classes = {c.cls: c for c in named.values()}
    ranks = _ranks()
    # 1. Find every value, breadth first.  Text and integers in fields of
    # their own are gathered by value; the rest by identity, to be walked.
    found: dict[type, list[Any]] = {}
    fields: dict[type, list[list[Any]]] = {}  # a listed class -> the values of each field of its values, in order
    texts: set[Any] = set()
    numbers: set[Any] = set()
    seen: dict[int, Any] = {id(v): v for v in (*_FIXED, root)}
    frontier = [root]
    while frontier:
        by_class: dict[type, list[Any]] = {}
        for value in frontier:
            by_class.setdefault(value.__class__, []).append(value)
        held: list[Any] = []
        for cls, values in by_class.items():
            found.setdefault(cls, []).extend(values)
            if cls in classes:
                lanes = {_TEXT: texts.update, _NUMBER: numbers.update, _IDENTITY: held.extend}
                kept = fields.setdefault(cls, [[] for _ in classes[cls].fields])
                for column, lane, all_of in zip(classes[cls].columns(values), _lanes(_name(cls)), kept, strict=True):
                    lanes[lane](column)
                    all_of.extend(column)
            elif cls is dict:
                held.extend(chain.from_iterable(chain.from_iterable(v.items() for v in values)))
            elif cls in _HOLDERS:
                held.extend(chain.from_iterable(values))
            elif cls not in _LEAVES:
                raise TypeError(f"the book cache does not know {_name(cls)}; list it in perfeval.io.cache.CLASSES")
        fresh = dict(zip(map(id, held), held, strict=True))
        frontier = list(map(fresh.__getitem__, fresh.keys() - seen.keys()))
        seen.update(fresh)

    # 2. Number them: the plain values first, each distinct one once.
    place: dict[int, int] = {id(v): n for n, v in enumerate(_FIXED)}  # the id of a value -> its place
    # A text or an integer -> its place.
    by_value: dict[str, dict[Any, int]] = {_TEXT: {v: n for n, v in enumerate(_FIXED)}, _NUMBER: {None: 0}}
    kinds: list[list[Any]] = []
    numbered: dict[str, int] = {}
    groups: list[list[Any]] = []
    places = array.array(_PLACE)
    following = len(_FIXED)  # the next place

    def group(kind: str, keys: list[Any], values: list[Any], written: Any = None) -> dict[Any, int]:
        """Number the ``keys``, each distinct key once, after the places
        given so far, the first ``values`` by theirs, and add their group
        (the distinct keys, as ``written`` gives them); the place of each key."""
        nonlocal following
        if kind not in numbered:
            numbered[kind] = len(kinds)
            kinds.append([kind, list(named[kind].fields)] if kind in named else [kind])
        unique = list(dict.fromkeys(keys))
        index = dict(zip(unique, range(following, following + len(unique)), strict=True))
        following += len(unique)
        place.update(zip(map(id, values), map(index.__getitem__, keys[:len(values)]), strict=True))
        groups.append([numbered[kind], unique if written is None else written(unique)])
        return index

    for cls, (kind, key) in _LEAVES.items():
        values = found.get(cls, [])
        if cls is str or cls is int:
            gathered = texts if cls is str else numbers
            keys = [*values, *(v for v in gathered if v.__class__ is cls)]  # not None, not a boolean
            if keys:
                by_value[_TEXT if cls is str else _NUMBER].update(group(kind, keys, values))
        elif values:
            group(kind, list(map(key, values)), values, (lambda u: list(map(list, u))) if cls is Fraction else None)

    # 3. Then the classes and collections, lowest first: what each holds is numbered already.
    rank: dict[int, int] = {}

    def height(value: Any) -> int:
        fixed = ranks.get(value.__class__)
        if fixed is not None:
            return fixed
        known = rank.get(id(value))
        if known is None:
            inner = list(chain.from_iterable(value.items())) if value.__class__ is dict else value
            heights: list[Any] = list(map(ranks.get, map(type, inner)))  # a collection inside: rare
            if None in heights:
                heights = list(map(height, inner))
            known = rank[id(value)] = 1 + max(heights, default=0)
        return known

    layers: dict[tuple[int, str], list[Any]] = {}
    for cls, values in found.items():
        if cls in classes:
            layers[ranks[cls], _name(cls)] = values
        elif cls in _HOLDERS:
            for value in values:
                layers.setdefault((height(value), _HOLDERS[cls]), []).append(value)
    at = place.__getitem__
    lookups = {_TEXT: by_value[_TEXT].__getitem__, _NUMBER: by_value[_NUMBER].__getitem__}
    try:
        for (_, kind), values in sorted(layers.items()):
            if kind in named:  # the group holds its count; the places of its fields go column by column
                columns = [list(map(lookups[lane], column)) if lane in lookups else list(map(at, map(id, column)))
                           for column, lane in zip(fields[named[kind].cls], _lanes(kind), strict=True)]
                group(kind, list(zip(*columns, strict=True)), values, lambda unique: _columns(unique, places))
                continue
            if kind == _DICT:
                rows = [tuple(map(at, map(id, chain.from_iterable(v.items())))) for v in values]
            elif kind == _FROZENSET:  # in one order, so that equal sets are written alike
                rows = [tuple(sorted(map(at, map(id, v)))) for v in values]
            else:
                rows = [tuple(map(at, map(id, v))) for v in values]
            group(kind, rows, values, lambda u: list(map(list, u)))
    except KeyError:  # a value that holds one as high as itself: not what its class's annotations say
        raise TypeError("the book holds a value its class's annotations do not allow") from None
    return kinds, groups, places


# ---------------------------------------------------------------------------
# Reading the groups back.  Each kind's builder makes the values of a
# group; a listed class's are checked field by field against the field's
# type before the class is called, so that nothing else reaches a book.


class _Bad(Exception):
    """An entry that is not what perfeval writes."""


class _Reading:
    """The values read so far, and the places of the fields still to read."""

    def __init__(self, places: array.array[int]) -> None:
        self.values: list[Any] = list(_FIXED)
        self.places = places
        self.used = 0

    def column(self, rows: int) -> array.array[int]:
        """The next column, of ``rows`` places."""
        start, end = self.used, self.used + rows
        if end > len(self.places):
            raise _Bad("a group needs more places than the entry holds")
        self.used = end
        return self.places[start:end]


Builder = Callable[[Any, _Reading], list[Any]]


def _builder(kind: Any) -> Builder:
    if type(kind) is not list or not kind or type(kind[0]) is not str:
        raise _Bad("a kind is a list that starts with its name")
    name, *rest = kind
    known = _classes().get(name)
    if known is not None:
        if rest != [list(known.fields)]:  # the class's fields have changed, or the entry lies
            raise _Bad(f"the fields of {name} differ")
        return _class_builder(name)
    if rest:
        raise _Bad(f"{name} has no fields")
    return _PLAIN_BUILDERS[name]


@functools.cache
def _class_builder(name: str) -> Builder:
    known = _classes()[name]
    cls, positional, count = known.cls, known.positional, len(known.fields)
    keywords = known.aliases[positional:]
    after = _MADE.get(cls)
    hints = typing.get_type_hints(cls)
    # Each field's allowed classes (exact: a bool is no int, a datetime no
    # date), and for a field that holds a collection, the check of its items.
    tops = tuple(_top(hints[field]) for field in known.fields)
    deep = tuple(_deep(hints[field]) for field in known.fields)

    def build(what: Any, reading: _Reading) -> list[Any]:
        rows, *constant = _list(what)
        if type(rows) is not int or rows < 1 or len(constant) != count or \
                (rows > 1 and None not in constant):  # equal values are written once
            raise _Bad(f"a group of {name} is its count and a place or null per field")
        at = reading.values.__getitem__
        fields = []
        for place, allowed, deeper in zip(constant, tops, deep, strict=True):
            if place is None:
                column = reading.column(rows)
                field = list(map(at, column))
                if not set(map(type, field)) <= allowed:
                    raise _Bad(f"a {name} with a field of the wrong type")
                # Each distinct collection is checked once.
                if deeper is not None and not deeper(list(map(at, set(column)))):
                    raise _Bad(f"a {name} holding a value of the wrong type")
            elif type(place) is int:
                field = [at(place)] * rows
                if type(field[0]) not in allowed or (deeper is not None and not deeper(field[:1])):
                    raise _Bad(f"a {name} with a field of the wrong type")
            else:
                raise _Bad(f"a place of {name} that is no integer")
            fields.append(field)
        if keywords:
            made = [cls(*given[:positional], **dict(zip(keywords, given[positional:], strict=True)))
                    for given in zip(*fields, strict=True)]
        else:
            made = list(map(cls, *fields))
        return made if after is None else list(map(after, made))

    return build


def _list(items: Any) -> list[Any]:
    if type(items) is not list:
        raise _Bad("expected a list")
    return items


def _collections(items: Any, reading: _Reading) -> list[tuple[Any, ...]]:
    at = reading.values.__getitem__
    return [tuple(map(at, places)) for places in _list(items)]  # a place that is no integer: TypeError


def _decimals(items: Any, reading: _Reading) -> list[Decimal]:
    text = _list(items)
    if not set(map(type, text)) <= {str}:
        raise _Bad("a decimal is its text")
    numbers = list(map(Decimal, text))
    if not all(map(Decimal.is_finite, numbers)):  # NaN: text that is no number, under a lenient context
        raise _Bad("a decimal that is no finite number")
    return numbers


def _fractions(items: Any, reading: _Reading) -> list[Fraction]:
    pairs = _list(items)
    if not all(type(p) is list and len(p) == 2 and type(p[0]) is int and type(p[1]) is int for p in pairs):
        raise _Bad("a fraction is two integers")
    return [Fraction(*pair) for pair in pairs]


def _enum(cls: Any) -> Builder:
    return lambda items, reading: list(map(cls, _list(items)))  # a value the enum does not list: ValueError


_PLAIN_BUILDERS: dict[str, Builder] = {
    # A text or an integer is checked where it is used, as a field's value.
    _STR: lambda items, reading: _list(items),
    _INT: lambda items, reading: _list(items),
    _DECIMAL: _decimals,
    _DATE: lambda items, reading: list(map(datetime.date.fromisoformat, _list(items))),
    _FRACTION: _fractions,
    _TUPLE: _collections,
    _FROZENSET: lambda items, reading: list(map(frozenset, _collections(items, reading))),
    _DICT: lambda items, reading: [dict(zip(held[::2], held[1::2], strict=True))
                                   for held in _collections(items, reading)],
    **{_name(e): _enum(e) for e in ENUMS},
}

# The types a field may name, each checked by its class alone.
_PLAIN = frozenset({str, int, bool, Decimal, Fraction, datetime.date, type(None), *CLASSES, *ENUMS})
# A check of many values at once (each distinct value of a column): True when all pass.
Check = Callable[[list[Any]], bool]


def _members(hint: Any) -> tuple[Any, ...]:
    origin = typing.get_origin(hint)
    return typing.get_args(hint) if origin is typing.Union or origin is types.UnionType else (hint,)


def _top(hint: Any) -> frozenset[type]:
    """The classes a value of this type may be."""
    found: set[type] = set()
    for member in _members(hint):
        origin = typing.get_origin(member) or member
        if origin not in _PLAIN and origin not in (tuple, frozenset, dict):
            raise TypeError(f"the book cache cannot check a field of type {member!r}")
        found.add(origin)
    return frozenset(found)


def _deep(hint: Any) -> Check | None:
    """The check of what the collections among some values of this type
    hold (``None`` when their classes alone say enough)."""
    checks: list[tuple[type, Check]] = []
    for member in _members(hint):
        origin, args = typing.get_origin(member), typing.get_args(member)
        if origin is None:
            continue
        if origin is frozenset or (origin is tuple and args[-1:] == (Ellipsis,)):
            checks.append((origin, _each(args[0])))
        elif origin is tuple:
            checks.append((origin, _fixed(args)))
        elif origin is dict:
            checks.append((origin, _mapping(_each(args[0]), _each(args[1]))))
        else:
            raise TypeError(f"the book cache cannot check a field of type {member!r}")
    if not checks:
        return None
    return lambda values: all(check([v for v in values if type(v) is origin]) for origin, check in checks)


def _each(hint: Any) -> Check:
    """A check that every item of some collections is of this type."""
    allowed, deeper = _top(hint), _deep(hint)

    def check(collections: list[Any]) -> bool:
        items = list(chain.from_iterable(collections))
        return set(map(type, items)) <= allowed and (deeper is None or deeper(items))

    return check


def _mapping(keys: Check, items: Check) -> Check:
    """A check of some dicts: their keys, then their values."""
    return lambda values: keys([v.keys() for v in values]) and items([v.values() for v in values])


def _fixed(hints: tuple[Any, ...]) -> Check:
    """A check of some tuples of a fixed length, item by item."""
    tops = tuple(_top(h) for h in hints)
    deeps = tuple(_deep(h) for h in hints)

    def check(values: list[tuple[Any, ...]]) -> bool:
        if not set(map(len, values)) <= {len(tops)}:
            return False
        for i, (allowed, deeper) in enumerate(zip(tops, deeps, strict=True)):
            column = [v[i] for v in values]
            if not set(map(type, column)) <= allowed or (deeper is not None and not deeper(column)):
                return False
        return True

    return check


def check_classes() -> None:
    """Make the reader of every listed class at once: raises
    :class:`TypeError` on a field whose type the cache cannot check, such
    as a class it does not list (the test suite calls this)."""
    for name in _classes():
        _class_builder(name)
