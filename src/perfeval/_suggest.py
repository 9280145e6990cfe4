"""Did-you-mean: the closest known names to one that is not known."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def did_you_mean(name: str, known: Iterable[str], n: int = 3) -> str:
    """``"; did you mean 'a', 'b'?"``, or nothing when nothing is close.

    >>> did_you_mean("taget", ["target", "basis"])
    "; did you mean 'target'?"
    """
    close = difflib.get_close_matches(name, list(known), n=n, cutoff=0.4)
    return f"; did you mean {', '.join(map(repr, close))}?" if close else ""
