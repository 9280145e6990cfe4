"""The on-disk cache of compiled books (issue 12, item 5; docs/cache.md).

A book read back from the cache is the book a fresh load gives, field for
field, its shared definitions still shared; a second load reads no YAML and
parses no notation.  Anything wrong with an entry (stale, torn, altered,
written by another perfeval, of a class the cache does not list) is ignored
and overwritten, never trusted; a folder that cannot be written only means
nothing is cached.
"""

from __future__ import annotations

import array
import datetime
import glob
import hashlib
import json
import sys
import warnings
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, reject
from hypothesis import strategies as st

import perfeval
from perfeval.book import build
from perfeval.cli import main
from perfeval.errors import BookError
from perfeval.evaluate.actuals import shared
from perfeval.io import cache, indicators
from perfeval.notation.parser import parse_notation

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "indicators" / "caofeidian-hrss-2023.yaml"
ACTUALS = ROOT / "examples" / "actuals-2023.csv"
BUDGET = ROOT / "examples" / "budget-2023.csv"
BOOKS = [SEED, *sorted(Path(p) for p in glob.glob(str(ROOT / "examples" / "*.yaml")))]


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh cache folder of the test's own."""
    where = tmp_path / "cache"
    monkeypatch.setenv("PERFEVAL_CACHE_DIR", str(where))
    return where


def since(before: cache.CacheInfo) -> tuple[int, int, int, int]:
    """(hits, misses, ignored, written) since ``before``."""
    now = cache.cache_info()
    return (now.hits - before.hits, now.misses - before.misses, now.ignored - before.ignored,
            now.written - before.written)


def same(a: Any, b: Any, seen: dict[tuple[int, int], bool] | None = None) -> bool:
    """Equal in every field, the ones equality skips too (locations, the
    caret's text, the form a file used …), and decimals to the exponent."""
    seen = {} if seen is None else seen
    if (id(a), id(b)) in seen:
        return True
    seen[id(a), id(b)] = True
    if type(a) is not type(b):
        return False
    if attrs.has(type(a)):
        return all(same(getattr(a, f.name), getattr(b, f.name), seen) for f in attrs.fields(type(a)) if f.init)
    if isinstance(a, tuple):
        return len(a) == len(b) and all(same(x, y, seen) for x, y in zip(a, b, strict=True))
    if isinstance(a, Decimal):
        return str(a) == str(b)
    return bool(a == b)


def reachable(book: perfeval.Book) -> set[type]:
    """Every class of every value a book holds in its fields."""
    found: set[type] = set()
    stack: list[Any] = [book]
    done: set[int] = set()
    while stack:
        value = stack.pop()
        if id(value) in done:
            continue
        done.add(id(value))
        found.add(type(value))
        if attrs.has(type(value)):
            stack.extend(getattr(value, f.name) for f in attrs.fields(type(value)) if f.init)
        elif isinstance(value, (tuple, frozenset)):
            stack.extend(value)
        elif isinstance(value, dict):
            stack.extend([*value.keys(), *value.values()])
    return found


def bench_book(path: Path, indicators: int) -> Path:
    """The book bench/bench_load.py times, at a size a test can afford."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from bench_load import write_varied_book
    finally:
        sys.path.remove(str(ROOT / "bench"))
    write_varied_book(path, indicators)
    return path


def reseal(entry: bytes, change: Any = None, key: str | None = None) -> bytes:
    """An entry with its parts changed and its checksum made right again,
    as an entry perfeval did not write would come: ``change`` takes the
    kinds, the groups and the places (as bytes) and returns them."""
    head, _, rest = entry.partition(b"\n")
    header = json.loads(head)
    kinds, _, rest = rest.partition(b"\n")
    groups, _, places = rest.partition(b"\n")
    parts = (json.loads(kinds), json.loads(groups), places)
    if change is not None:
        parts = change(*parts)
    rest = (json.dumps(parts[0], ensure_ascii=False) + "\n" + json.dumps(parts[1], ensure_ascii=False)
            + "\n").encode() + parts[2]
    header["sha256"] = hashlib.sha256(rest).hexdigest()
    if key is not None:
        header["key"] = key
    return json.dumps(header).encode() + b"\n" + rest


# ---------------------------------------------------------------------------
# what the cache knows


def test_every_class_a_book_reaches_is_listed(tmp_path):
    books = [perfeval.load(p) for p in BOOKS] + [perfeval.load(bench_book(tmp_path / "bench.yaml", 400))]
    plain = {str, int, bool, type(None), Decimal, Fraction, datetime.date, tuple, frozenset, dict}
    found = set().union(*map(reachable, books))
    unknown = found - plain - set(cache.CLASSES) - set(cache.ENUMS)
    assert not unknown, f"list these in perfeval.io.cache.CLASSES: {unknown}"
    # The seed and the bench book reach the definitions' classes, not only the book's frame.
    assert {perfeval.Ladder, perfeval.Target, perfeval.Location, perfeval.Diagnostic} <= found


def test_the_reader_of_every_listed_class_can_check_its_fields():
    cache.check_classes()  # a field whose type names an unlisted class raises TypeError


def test_a_value_of_a_class_the_cache_does_not_know_is_refused_when_writing_and_said(folder, tmp_path):
    book = perfeval.load(BOOKS[1])
    foreign = attrs.evolve(book, units=(object(),))
    with pytest.raises(TypeError, match=r"does not know builtins\.object"):
        cache.encode(foreign, "key")
    before = cache.cache_info()
    with pytest.warns(RuntimeWarning, match="could not cache"):
        assert cache.store(tmp_path / "book.yaml", "book.yaml", "key", foreign) is False
    assert since(before) == (0, 0, 0, 0) and not folder.exists()


# ---------------------------------------------------------------------------
# a round trip


@pytest.mark.parametrize("path", BOOKS, ids=lambda p: p.name)
def test_a_second_load_is_a_hit_and_the_same_book_as_a_fresh_load(path, folder):
    fresh = perfeval.load(path)
    before = cache.cache_info()
    first = perfeval.load(path, cache=True)
    assert since(before) == (0, 1, 0, 1)
    again = perfeval.load(path, cache=True)
    assert since(before) == (1, 1, 0, 1)
    assert again == fresh and first == fresh
    assert same(again, fresh)  # locations, line texts, carets, the file's form: every field
    assert [str(d) for d in again.diagnostics] == [str(d) for d in fresh.diagnostics]
    assert [i.evaluator for i in again.indicators] == [i.evaluator for i in fresh.indicators]
    assert perfeval.dump(again) == perfeval.dump(fresh)


def test_the_bench_book_round_trips_and_keeps_its_definitions_shared(folder, tmp_path):
    path = bench_book(tmp_path / "bench.yaml", 1500)
    fresh = perfeval.load(path, cache=True)
    before = cache.cache_info()
    again = perfeval.load(path, cache=True)
    assert since(before) == (1, 0, 0, 0)
    assert same(again, fresh)
    # A definition compiled once for the indicators written alike is one object again.
    distinct = len({id(i.evaluator) for i in fresh.indicators})
    assert distinct < len(fresh.indicators)
    assert len({id(i.evaluator) for i in again.indicators}) == distinct


def test_the_seed_grades_alike_from_the_cache(folder):
    fresh = perfeval.grade(perfeval.load(SEED), ACTUALS, budget=BUDGET)
    perfeval.load(SEED, cache=True)
    before = cache.cache_info()
    cached = perfeval.grade(perfeval.load(SEED, cache=True), ACTUALS, budget=BUDGET)
    assert since(before)[0] == 1
    assert cached.to_text() == fresh.to_text()
    assert cached.to_json() == fresh.to_json()
    assert [r.as_dict() for r in cached.rows] == [r.as_dict() for r in fresh.rows]


def test_a_hit_reads_no_yaml_and_parses_no_notation(folder, monkeypatch):
    perfeval.load(SEED, cache=True)

    def refused(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the YAML reader ran on a cache hit")

    monkeypatch.setattr(indicators, "read_document", refused)
    parsed = parse_notation.cache_info()
    book = perfeval.load(SEED, cache=True)
    after = parse_notation.cache_info()
    assert (after.hits + after.misses) == (parsed.hits + parsed.misses)
    assert len(book.indicators) == 171
    with pytest.raises(AssertionError, match="YAML reader"):
        perfeval.load(SEED)  # the check can fail: without the cache the reader runs


def test_an_entry_holds_no_memo_and_the_axes_read_back_are_the_processs_own(folder):
    book = perfeval.load(SEED)
    perfeval.grade(book, ACTUALS, budget=BUDGET)  # fills each axis's memo of readings
    axes = [i.evaluator.axis for i in book.indicators if i.evaluator.axis is not None]
    read = {text for axis in axes for text in axis._readings}
    assert "8326人" in read and "8326人" not in SEED.read_text(encoding="utf-8")
    entry = cache.encode(book, "key")
    kinds = json.loads(entry.split(b"\n")[1])
    axis = next(fields for name, *fields in kinds if name.endswith(".Axis"))
    assert axis == [["unit", "delay", "direction", "units", "months_as_days"]]
    assert "8326人".encode() not in entry  # a text read while grading is no part of the book
    again = cache.decode(entry, "key")
    assert again == book
    # As compiling does, equal axes are one object in the process, sharing their readings.
    assert all(i.evaluator.axis is shared(i.evaluator.axis) for i in again.indicators if i.evaluator.axis)
    assert all(getattr(i.evaluator, "_cuts", None) is None for i in again.indicators)


def test_the_source_name_is_part_of_the_key(folder, tmp_path):
    plain = perfeval.load(SEED, cache=True)
    named = perfeval.load(SEED, source="种子.yaml", cache=True)
    before = cache.cache_info()
    assert perfeval.load(SEED, source="种子.yaml", cache=True).indicators[0].location.source == "种子.yaml"
    assert perfeval.load(SEED, cache=True).indicators[0].location.source == str(SEED)
    assert since(before) == (2, 0, 0, 0)
    assert named.indicators[0].location.source == "种子.yaml" != plain.indicators[0].location.source
    assert len(list(folder.iterdir())) == 2


def test_a_book_that_does_not_load_is_never_cached(folder):
    broken = ROOT / "tests" / "fixtures" / "broken" / "unknown-key.yaml"
    for _ in range(2):
        with pytest.raises(BookError):
            perfeval.load(broken, cache=True)
    assert not folder.exists() or not list(folder.iterdir())


# ---------------------------------------------------------------------------
# stale entries


def test_a_changed_file_misses_and_its_entry_is_overwritten(folder, tmp_path):
    path = tmp_path / "small.yaml"
    path.write_text(BOOKS[1].read_text(encoding="utf-8"), encoding="utf-8")
    old = perfeval.load(path, cache=True)
    path.write_text(path.read_text(encoding="utf-8").replace("≥90%", "≥91%", 1), encoding="utf-8")
    before = cache.cache_info()
    new = perfeval.load(path, cache=True)
    assert since(before) == (0, 1, 1, 1)
    assert new != old and new == perfeval.load(path)
    assert perfeval.load(path, cache=True) == new and since(before)[0] == 1
    assert len(list(folder.iterdir())) == 1  # the stale entry was replaced, not kept beside


def test_a_changed_perfeval_misses(folder, monkeypatch):
    perfeval.load(SEED, cache=True)
    monkeypatch.setattr(cache, "source_hash", lambda: "another perfeval")
    before = cache.cache_info()
    assert perfeval.load(SEED, cache=True) == perfeval.load(SEED)
    assert since(before) == (0, 1, 1, 1)
    assert perfeval.load(SEED, cache=True) is not None and since(before)[0] == 1


def test_the_source_hash_covers_perfevals_files():
    package = Path(perfeval.__file__).resolve().parent
    digest = hashlib.sha256()
    files = sorted((p for p in package.rglob("*") if p.suffix == ".py" or p.name == "schema.json"),
                   key=lambda p: p.relative_to(package).as_posix())
    assert package / "schema.json" in files and package / "io" / "cache.py" in files
    for file in files:
        for part in (file.relative_to(package).as_posix().encode(), file.read_bytes()):
            digest.update(len(part).to_bytes(8, "big"))
            digest.update(part)
    assert cache.source_hash.__wrapped__() == digest.hexdigest()  # computed afresh, not the process's own


def test_without_perfevals_source_nothing_is_cached(folder, monkeypatch):
    monkeypatch.setattr(cache, "source_hash", lambda: None)
    before = cache.cache_info()
    assert perfeval.load(SEED, cache=True) == perfeval.load(SEED)
    assert since(before) == (0, 0, 0, 0) and not folder.exists()


# ---------------------------------------------------------------------------
# corrupt entries: ignored, then overwritten by a fresh load


def _truncated(entry: bytes, key: str) -> bytes:
    return entry[: len(entry) // 2]


def _torn_places(entry: bytes, key: str) -> bytes:
    return entry[:-3]


def _garbage(entry: bytes, key: str) -> bytes:
    return bytes(range(256)) * 40


def _empty(entry: bytes, key: str) -> bytes:
    return b""


def _one_byte_changed(entry: bytes, key: str) -> bytes:
    at = len(entry) * 2 // 3
    return entry[:at] + bytes([entry[at] ^ 0x20]) + entry[at + 1:]


def _unknown_class(entry: bytes, key: str) -> bytes:
    def change(kinds: list[Any], groups: list[Any], places: bytes) -> tuple[Any, ...]:
        return [["builtins.eval" if k[0].endswith(".Location") else k[0], *k[1:]] for k in kinds], groups, places
    return reseal(entry, change)


def _other_fields(entry: bytes, key: str) -> bytes:
    def change(kinds: list[Any], groups: list[Any], places: bytes) -> tuple[Any, ...]:
        return [[k[0], list(reversed(k[1]))] if len(k) == 2 else k for k in kinds], groups, places
    return reseal(entry, change)


def _wrong_key(entry: bytes, key: str) -> bytes:
    return reseal(entry, key="0" * 64)


def _book_field(entry: bytes, field: str, taken_from: str) -> bytes:
    """The entry with one field of its book given the value of another."""
    def change(kinds: list[Any], groups: list[Any], places: bytes) -> tuple[Any, ...]:
        kind, what = groups[-1]  # the book is the last group: one value, its fields' places in the group
        fields = kinds[kind][1]
        assert kinds[kind][0] == "perfeval.book.model.Book" and what[0] == 1
        what[1 + fields.index(field)] = what[1 + fields.index(taken_from)]
        return kinds, groups, places

    return reseal(entry, change)


def _in_a_column(entry: bytes, name: str, field: str, place: Any) -> bytes:
    """The entry with the first value of a column of one field of a class
    given another place: ``place(kinds, groups)`` picks it."""
    def change(kinds: list[Any], groups: list[Any], places: bytes) -> tuple[Any, ...]:
        at = array.array("I", places)
        used = 0
        for kind, what in groups:
            if len(kinds[kind]) == 2:  # a listed class: its count, then a place or null per field
                rows, *constant = what
                for f, one in zip(kinds[kind][1], constant, strict=True):
                    if one is None:
                        if kinds[kind][0].endswith("." + name) and f == field:
                            at[used] = place(kinds, groups)
                            return kinds, groups, at.tobytes()
                        used += rows
        raise AssertionError(f"no column of {name}.{field}")
    return reseal(entry, change)


def _first_of(kind_name: str, holding: str | None = None) -> Any:
    """The place of the first value of a kind (of the first tuple holding
    only values of the kind ``holding``)."""
    def place(kinds: list[Any], groups: list[Any]) -> int:
        next_place = 3  # after None, False and True
        plain = {}  # place -> kind name, for the plain values
        for kind, what in groups:
            name = kinds[kind][0]
            count = what[0] if len(kinds[kind]) == 2 else len(what)
            if name == kind_name:
                if holding is None:
                    return next_place
                for n, members in enumerate(what):
                    if members and all(plain.get(m) == holding for m in members):
                        return next_place + n
            if len(kinds[kind]) == 1:
                plain.update(dict.fromkeys(range(next_place, next_place + count), name))
            next_place += count
        raise AssertionError(f"no {kind_name}")
    return place


def _wrong_type_in_a_column(entry: bytes, key: str) -> bytes:
    return _in_a_column(entry, "Location", "line", _first_of("str"))  # a line that is text


def _wrong_item_in_a_column(entry: bytes, key: str) -> bytes:
    return _in_a_column(entry, "Indicator", "diagnostics", _first_of("tuple", holding="str"))  # texts for findings


def _wrong_type(entry: bytes, key: str) -> bytes:
    return _book_field(entry, "year", "department_name")  # a year that is text


def _wrong_item_type(entry: bytes, key: str) -> bytes:
    return _book_field(entry, "goals", "activities")  # goals that are activities


def _many_alike(entry: bytes, key: str) -> bytes:
    def change(kinds: list[Any], groups: list[Any], places: bytes) -> tuple[Any, ...]:
        groups[-1][1][0] = 10**9  # a billion books alike, in no place: never made
        return kinds, groups, places
    return reseal(entry, change)


def _place_not_a_number(entry: bytes, key: str) -> bytes:
    def change(kinds: list[Any], groups: list[Any], places: bytes) -> tuple[Any, ...]:
        groups[-1][1][1] = "1"
        return kinds, groups, places
    return reseal(entry, change)


def _place_beyond(entry: bytes, key: str) -> bytes:
    return reseal(entry, lambda kinds, groups, places: (kinds, groups, places[:-4] + b"\xff\xff\xff\x7f"))


def _trailing_places(entry: bytes, key: str) -> bytes:
    return reseal(entry, lambda kinds, groups, places: (kinds, groups, places + b"\x00\x00\x00\x00"))


def _not_json(entry: bytes, key: str) -> bytes:
    return reseal(entry, lambda kinds, groups, places: (kinds, [*groups[:-1], {"a": 1}], places))


CORRUPT = [_truncated, _torn_places, _garbage, _empty, _one_byte_changed, _unknown_class, _other_fields, _wrong_key,
           _wrong_type, _wrong_item_type, _wrong_type_in_a_column, _wrong_item_in_a_column, _many_alike,
           _place_not_a_number, _place_beyond, _trailing_places, _not_json]


@pytest.mark.parametrize("corrupt", CORRUPT, ids=lambda f: f.__name__.strip("_"))
def test_a_corrupt_entry_is_ignored_and_overwritten(corrupt, folder):
    perfeval.load(SEED, cache=True)
    [entry] = folder.iterdir()
    good = entry.read_bytes()
    key = cache.entry_key(SEED.read_bytes(), str(SEED))
    bad = corrupt(good, key)
    assert cache.decode(bad, key) is None
    entry.write_bytes(bad)
    before = cache.cache_info()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        book = perfeval.load(SEED, cache=True)
    assert since(before) == (0, 1, 1, 1)
    assert same(book, perfeval.load(SEED))
    assert entry.read_bytes() != bad and cache.decode(entry.read_bytes(), key) == book
    assert perfeval.load(SEED, cache=True) == book and since(before)[0] == 1


def test_the_corruptions_would_be_read_if_they_were_not_checked():
    """The checks that refuse them are what refuse them: the same entry,
    resealed unchanged, reads back whole, and so does one whose book's
    field is given an allowed value of another."""
    book = perfeval.load(SEED)
    entry = cache.encode(book, "key")
    assert cache.decode(reseal(entry), "key") == book
    assert cache.decode(reseal(entry, key="0" * 64), "0" * 64) == book
    renamed = cache.decode(_book_field(entry, "department_name", "version"), "key")
    assert renamed is not None and renamed.department_name == book.version
    moved = cache.decode(_in_a_column(entry, "Location", "line", _first_of("int")), "key")  # another line
    assert moved is not None and moved == book  # locations take no part in equality
    assert not same(moved, book)


@pytest.mark.parametrize("change", [{"year": "2023"}, {"year": True}, {"units": ("门", 7)},
                                    {"department_name": None}], ids=str)
def test_a_book_holding_a_value_its_annotations_forbid_is_never_read_back(change):
    """Refused when writing, or when reading: never a book read back."""
    wrong = attrs.evolve(perfeval.load(BOOKS[1]), **change)
    try:
        entry = cache.encode(wrong, "key")
    except TypeError:
        return
    assert cache.decode(entry, "key") is None


def test_an_entry_that_is_a_folder_is_ignored(folder):
    perfeval.load(SEED, cache=True)
    [entry] = folder.iterdir()
    entry.unlink()
    entry.mkdir()
    before = cache.cache_info()
    assert perfeval.load(SEED, cache=True) == perfeval.load(SEED)
    assert since(before) == (0, 1, 0, 0)  # nothing could be read, nor written over a folder


def test_an_unwritable_cache_folder_still_loads(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("PERFEVAL_CACHE_DIR", str(blocker / "cache"))  # cannot be made, even by root
    before = cache.cache_info()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert perfeval.load(SEED, cache=True) == perfeval.load(SEED)
        assert perfeval.load(SEED, cache=True) == perfeval.load(SEED)
    assert since(before) == (0, 2, 0, 0)
    assert blocker.read_text() == "not a folder"


@given(st.data())
def test_any_prefix_or_changed_byte_of_an_entry_is_refused(data):
    entry = _SMALL_ENTRY
    cut = data.draw(st.integers(0, len(entry) - 1), label="cut")
    assert cache.decode(entry[:cut], "key") is None
    at = data.draw(st.integers(0, len(entry) - 1), label="at")
    flip = data.draw(st.integers(1, 255), label="flip")
    assert cache.decode(entry[:at] + bytes([entry[at] ^ flip]) + entry[at + 1:], "key") is None


_SMALL_ENTRY = cache.encode(perfeval.load(BOOKS[1]), "key")


# ---------------------------------------------------------------------------
# where the cache lives


def test_the_folder_follows_the_environment_and_the_platform(monkeypatch, tmp_path):
    monkeypatch.setenv("PERFEVAL_CACHE_DIR", str(tmp_path / "mine"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_folder() == tmp_path / "mine"
    monkeypatch.delenv("PERFEVAL_CACHE_DIR")
    assert cache.cache_folder() == tmp_path / "xdg" / "perfeval"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # invalid by the XDG spec, so ignored
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setattr(sys, "platform", "linux")
    assert cache.cache_folder() == tmp_path / "home" / ".cache" / "perfeval"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setattr(sys, "platform", "darwin")
    assert cache.cache_folder() == tmp_path / "home" / "Library" / "Caches" / "perfeval"
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "local"))
    assert cache.cache_folder() == tmp_path / "local" / "perfeval" / "Cache"


# ---------------------------------------------------------------------------
# the command line


@pytest.mark.parametrize("command", [
    ["grade", str(SEED), str(ACTUALS), "--budget", str(BUDGET)],
    ["grade-many", str(SEED), str(ACTUALS)],
], ids=lambda c: c[0])
def test_the_command_line_reads_the_cache_with_cache(command, folder, capsys):
    assert main(command) == 0
    plain = capsys.readouterr()
    before = cache.cache_info()
    assert main([*command, "--cache"]) == 0
    first = capsys.readouterr()
    assert main([*command, "--cache"]) == 0
    second = capsys.readouterr()
    assert since(before) == (1, 1, 0, 1)
    assert plain.out == first.out == second.out and plain.err == first.err == second.err
    assert len(list(folder.iterdir())) == 1


# ---------------------------------------------------------------------------
# any small book round-trips


_NUMBERS = st.decimals(min_value=0, max_value=100000, places=2, allow_nan=False, allow_infinity=False)
_UNITS = st.sampled_from(["", "%", "人", "人次", "万元", "元", "亿元", "天", "个", "次", "元/人", "分", "亩"])
_OPS = st.sampled_from(["", "≥", "≤", ">", "<", "="])
_TARGETS = st.one_of(
    st.builds(lambda op, n, u: f"{op}{n}{u}", _OPS, _NUMBERS, _UNITS),
    st.builds(lambda a, b, u: f"{min(a, b)}-{max(a, b)}{u}", _NUMBERS, _NUMBERS, _UNITS),
    st.sampled_from(["12月底前", "2023年6月底前完成", "全年", "1-12月", "严格落实相关政策", "/", "无", "及时",
                     "延期一周", "优良中低差", "≥90%(历史标准)", "辖区企业满意率达95%以上。", "≤28.40/株",
                     "8000人以上", "控制在2.0%以内", "≥3门"]),
)
_LADDERS = st.one_of(
    st.builds(lambda a, u: (f"≥{a + 30}{u}", f"≥{a + 20}{u}", f"≥{a + 10}{u}", f"<{a + 10}{u}"),
              st.integers(0, 1000), _UNITS),
    st.sampled_from([("100%", "≥90%", "≥80%", "<80%"), ("及时", "延期一周", "延期两周", "延期三周"),
                     ("是", "基本达到", "否", "否"), (">2", "<2", "", ""), ("400人以上", "360-400人", "320-360人", "320以下"),
                     ("≤10万元", "≤20万元", "≤30万元", ">30万元")]),
)
_NAMES = st.lists(st.text("率时效成本满意度人次数量质量", min_size=1, max_size=5), min_size=1, max_size=4, unique=True)
_GROUPS = st.sampled_from([("产出指标", "数量指标"), ("产出指标", "成本指标"), ("产出指标", "时效指标"),
                           ("效益指标", "社会效益指标"), ("满意度指标", "服务对象满意度指标")])


@st.composite
def _documents(draw: st.DrawFn) -> dict[str, Any]:
    activities = [{"code": f"0{n}", "name": f"活动{n}", "indicators": [
        {"name": name, "ladder": dict(zip("优良中差", draw(_LADDERS), strict=True))} for name in draw(_NAMES)]}
        for n in range(draw(st.integers(0, 2)))]
    projects = [{"name": f"项目{n}", "indicators": [
        dict(zip(("group", "subgroup"), draw(_GROUPS), strict=True), name=name, target=draw(_TARGETS))
        for name in draw(_NAMES)]} for n in range(draw(st.integers(0, 2)))]
    scoring = draw(st.sampled_from([{}, {"reverse": "linear"}, {"late_ratios": {"7": "0.8"}}, {"label": "grade"}]))
    return {"perfeval": "1", "department": {"name": "人社局"}, "year": "2023", "units": ["门"], "scoring": scoring,
            "activities": activities, "projects": projects}


@given(_documents())
def test_any_small_book_round_trips_whole(document):
    try:
        book = build(document, source="<hypothesis>")
    except BookError:
        reject()
    again = cache.decode(cache.encode(book, "key"), "key")
    assert again == book and same(again, book)
    assert [str(d) for d in again.diagnostics] == [str(d) for d in book.diagnostics]
    assert perfeval.dump(again) == perfeval.dump(book)
