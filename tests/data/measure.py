"""How much of tests/data/real_cells.csv the current perfeval reads.

Run from the top of the repository:

    python tests/data/measure.py            # shares and histograms
    python tests/data/measure.py --verbose  # also every failing cell

It never fails: it only counts. For each row of the corpus:

- ``target``: ``perfeval.target(text, name=..., group=..., subgroup=...,
  year=...)`` compiled, compiled as words although the text holds a digit,
  or raised ``perfeval.PerfevalError`` (histogram of ``.code``);
- ``ladder``: ``perfeval.bands(text.split(" / "))`` compiled or raised;
- ``actual`` with a ``paired_target``: the paired target compiled as above,
  then ``.score(text, 10)`` succeeded or raised.

Any other exception is counted apart as a crash (a bug, not a refusal).
Split-column rows (a separate 指标方向/符号 or 度量单位 cell) are also read a
second time with the columns joined (sign + value + unit), for information.
"""

from __future__ import annotations

import collections
import csv
import pathlib
import re
import subprocess
import sys

import perfeval
from perfeval.book.model import joined_target

HERE = pathlib.Path(__file__).resolve().parent
CORPUS = HERE / "real_cells.csv"
DIGIT = re.compile(r"[0-9０-９]")
SIGNS = {"≥", "≧", ">=", "＞", ">", "≤", "≦", "<=", "<", "＜", "=", "＝", "═", "﹦"}


def _year(row):
    y = (row.get("year") or "").strip()
    return int(y) if y.isdigit() else None


def _compile(text, row):
    return perfeval.target(
        text,
        name=row["name"] or None,
        group=row["group"] or None,
        subgroup=row["subgroup"] or None,
        year=_year(row),
    )


def _try(fn):
    """(value, None) on success, (None, code) on PerfevalError, (None, 'CRASH:Type') otherwise."""
    try:
        return fn(), None
    except perfeval.PerfevalError as e:
        return None, str(getattr(e, "code", "?"))
    except Exception as e:
        return None, f"CRASH:{type(e).__name__}"


def _share(n, d):
    return f"{n}/{d} = {100 * n / d:.1f}%" if d else f"{n}/0"


def _joined(row):
    sign = (row["direction_column"] or "").split("/")[0].strip()
    sign = sign if sign in SIGNS else ""
    # As the split form of the file format joins them (a unit the value repeats is written once).
    return joined_target({"op": sign, "value": row["text"], "unit": row["unit_column"] or ""})


def main(argv):
    verbose = "--verbose" in argv
    rows = list(csv.DictReader(CORPUS.open(encoding="utf-8")))
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=HERE, capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        head = "?"
    print(f"corpus: {CORPUS.name}, {len(rows)} rows; perfeval from {pathlib.Path(perfeval.__file__).parent}; git HEAD {head}")

    # -- targets ---------------------------------------------------------
    targets = [r for r in rows if r["kind"] == "target"]
    ok = words_digit = 0
    codes = collections.Counter()
    examples = {}
    word_examples = []
    for r in targets:
        t, err = _try(lambda: _compile(r["text"], r))
        if err:
            codes[err] += 1
            examples.setdefault(err, r)
            if verbose:
                print(f"  target FAIL {err:28} {r['text']!r}  ({r['name']})")
            continue
        ok += 1
        if t.kind == "words" and DIGIT.search(r["text"]):
            words_digit += 1
            word_examples.append(r)
            if verbose:
                print(f"  target WORDS-with-digit {r['text']!r}  ({r['name']})")
    n = len(targets)
    print(f"\ntargets: {n}")
    print(f"  compiled without error        {_share(ok, n)}")
    print(f"  compiled but read as words    {_share(words_digit, n)}  (text holds a digit)")
    print(f"  compiled, not words-with-digit {_share(ok - words_digit, n)}")
    print(f"  raised PerfevalError/crashed  {_share(sum(codes.values()), n)}")
    for code, k in codes.most_common():
        ex = examples[code]
        print(f"    {k:4}  {code:32} e.g. {ex['text']!r}  [{ex['name']}]")
    for ex in word_examples[:12]:
        print(f"    words: {ex['text']!r}  [{ex['name']}]")

    # -- split columns, joined (information only) -------------------------
    split = [r for r in targets if r["unit_column"] or r["direction_column"]]
    if split:
        j_ok = j_words = 0
        j_codes = collections.Counter()
        for r in split:
            t, err = _try(lambda: _compile(_joined(r), r))
            if err:
                j_codes[err] += 1
            else:
                j_ok += 1
                j_words += t.kind == "words" and bool(DIGIT.search(r["text"]))
        print(f"\nsplit-column targets read with sign+value+unit joined: {len(split)}")
        print(f"  compiled {_share(j_ok, len(split))}, of which words-with-digit {j_words}; errors {dict(j_codes)}")

    # -- ladders ----------------------------------------------------------
    ladders = [r for r in rows if r["kind"] == "ladder"]
    l_ok = 0
    l_codes = collections.Counter()
    for r in ladders:
        _, err = _try(lambda: perfeval.bands(r["text"].split(" / ")))
        if err:
            l_codes[err] += 1
            if verbose:
                print(f"  ladder FAIL {err:28} {r['text']!r}")
        else:
            l_ok += 1
    print(f"\nladders: {len(ladders)}")
    print(f"  compiled {_share(l_ok, len(ladders))}; errors {dict(l_codes)}")

    # -- actuals ----------------------------------------------------------
    actuals = [r for r in rows if r["kind"] == "actual" and r["paired_target"]]
    a_ok = a_notarget = 0
    a_codes = collections.Counter()
    a_examples = {}
    for r in actuals:
        t, err = _try(lambda: _compile(r["paired_target"], r))
        if err:
            a_notarget += 1
            continue
        _, err = _try(lambda: t.score(r["text"], 10))
        if err:
            a_codes[err] += 1
            a_examples.setdefault(err, r)
            if verbose:
                print(f"  score FAIL {err:28} target {r['paired_target']!r} actual {r['text']!r}")
        else:
            a_ok += 1
    n = len(actuals)
    print(f"\nactuals paired with a target: {n}")
    print(f"  scored                        {_share(a_ok, n)}")
    print(f"  paired target did not compile {_share(a_notarget, n)}")
    print(f"  score raised                  {_share(sum(a_codes.values()), n)}")
    for code, k in a_codes.most_common():
        ex = a_examples[code]
        print(f"    {k:4}  {code:32} e.g. target {ex['paired_target']!r} actual {ex['text']!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
