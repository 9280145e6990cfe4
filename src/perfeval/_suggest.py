"""Did-you-mean: the closest known names to one that is not known.

Comparing a name with every known name is quadratic over a file of unknown
ids, so a long list is first narrowed to the names that share the name's
owner (the part before ``/``) or its first character, and at most
:data:`MAX_CANDIDATES` of those are compared.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from itertools import islice

MAX_CANDIDATES = 2000


def did_you_mean(name: str, known: Iterable[str], n: int = 3) -> str:
    """``"; did you mean 'a', 'b'?"``, or nothing when nothing is close.

    >>> did_you_mean("taget", ["target", "basis"])
    "; did you mean 'target'?"
    """
    candidates = list(islice(known, MAX_CANDIDATES + 1))
    if len(candidates) > MAX_CANDIDATES:
        owner = name.split("/", 1)[0]
        narrowed = (k for k in known if k.split("/", 1)[0] == owner or k[:1] == name[:1])
        candidates = list(islice(narrowed, MAX_CANDIDATES))
    close = difflib.get_close_matches(name, candidates, n=n, cutoff=0.4)
    return f"; did you mean {', '.join(map(repr, close))}?" if close else ""
