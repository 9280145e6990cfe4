"""The event reader behind indicator and YAML actuals files (issue 10, memory).

``read_document`` reads the parser's events straight into plain data, so a
big book never holds a composed node tree.  The law: it reads exactly what
composing the same text would give, and places every path where the
composed node starts.  The reference below composes, as the reader did
before; it lives here, not in the package.
"""

from __future__ import annotations

import yaml
from hypothesis import given
from hypothesis import strategies as st

from perfeval.io.indicators import read_document

_NULLS = {"", "~", "null", "Null", "NULL"}


def composed(text: str):
    """(data, {path: (line, column)}) read through ``yaml.compose``: the reference."""
    marks = {}

    def convert(node, path, key_mark=None):
        mark = key_mark or node.start_mark
        marks[path] = (mark.line + 1, mark.column + 1)
        if isinstance(node, yaml.ScalarNode):
            return None if node.style in (None, "") and node.value in _NULLS else node.value
        if isinstance(node, yaml.SequenceNode):
            return [convert(child, (*path, i)) for i, child in enumerate(node.value)]
        result = {}
        for key, value in node.value:
            if key.value not in result:
                result[key.value] = convert(value, (*path, key.value), key.start_mark)
        return result

    return convert(yaml.compose(text, Loader=yaml.BaseLoader), ()), marks


texts = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=8)
plain = st.recursive(
    texts,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=20,
)


@given(plain, st.sampled_from([None, True, False]), st.sampled_from([None, "'", '"']))
def test_reads_what_composing_reads_and_places_every_path_alike(data, flow, style):
    text = yaml.dump(data, default_flow_style=flow, default_style=style, allow_unicode=True)
    document, locate, problems = read_document(text)
    expected, marks = composed(text)
    assert problems == [] and document == expected
    for path, (line, column) in marks.items():
        where = locate(path)
        assert (where.line, where.column) == (line, column), path


def test_a_key_that_is_not_text_is_refused_with_its_value_and_the_next_key_still_reads():
    document, locate, problems = read_document("a: 1\n? [x, y]\n: {deep: [1, 2]}\nb: 2\n")
    assert document is None and [(p.code, p.location.line) for p in problems] == [("wrong-type", 2)]
    assert locate(("b",)).line == 4


def test_the_second_value_of_a_duplicate_key_leaves_the_first_and_its_places():
    text = "a:\n  x: 1\n  y: [2]\nb: 3\na:\n  x: 9\n  y: [8, 7]\n"
    document, locate, problems = read_document(text)
    assert document == {"a": {"x": "1", "y": ["2"]}, "b": "3"}
    assert [(p.code, p.location.line, p.severity) for p in problems] == [("duplicate-key", 5, "error")]
    assert (locate(("a", "y", 0)).line, locate(("a", "x")).line) == (3, 2)


def test_duplicate_keys_inside_a_thrown_away_value_are_not_reported_again():
    document, _, problems = read_document("a: 1\na: {k: 1, k: 2}\n")
    assert document == {"a": "1"} and [p.code for p in problems] == ["duplicate-key"]


def test_two_documents_are_one_too_many():
    document, _, problems = read_document("a: 1\n---\nb: 2\n")
    assert document is None and [(p.code, p.location.line) for p in problems] == [("yaml-syntax", 2)]


def test_an_empty_stream_holds_no_definitions():
    for text in ("", "# only a comment\n"):
        document, _, problems = read_document(text)
        assert document is None and [p.code for p in problems] == ["empty-file"]


def test_a_tag_on_a_collection_is_refused_and_the_plain_non_specific_tag_is_text():
    _, _, problems = read_document("a: !!set {x: null}\n")
    assert [p.code for p in problems] == ["yaml-tag"]
    document, _, problems = read_document("a: ! 12\nb: !!str 0101\n")
    assert document == {"a": "12", "b": "0101"} and problems == []


def test_a_character_inside_a_quoted_scalar_is_placed_past_the_quote():
    _, locate, _ = read_document('a: "≥9O%"\nb: >\n  folded\n')
    assert locate(("a", "@", 2)).column == 7       # the O: a:␠"≥9 are columns 1-6
    assert locate(("b", "@", 3)).line == 2          # a folded scalar is placed at its start
