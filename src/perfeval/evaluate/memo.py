"""What grading remembers: the result, or the error, of each text seen before.

Readings and grades are frozen, and real data repeats the same texts, so an
axis remembers its readings, a ladder its grades and a batch its rows (issue
12).  Each memo is a plain ``dict`` that the hot path reads inline; these two
functions are the rest of it, shared by all three.

>>> memo: dict[str, object] = {}
>>> for n in range(10):
...     remember(memo, str(n), n, bound=8)
>>> list(memo)  # the oldest quarter went when the memo was full
['2', '3', '4', '5', '6', '7', '8', '9']
"""

from __future__ import annotations

from collections.abc import Hashable
from itertools import islice
from typing import NoReturn, TypeVar

from ..errors import NotationError

__all__ = ["remember", "raise_again"]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


def remember(memo: dict[K, V], key: K, found: V, bound: int) -> None:
    """Keep ``found`` for ``key``, holding ``memo`` within ``bound`` entries.

    A full memo forgets its oldest quarter, not everything: a working set a
    little past the bound keeps most of its hits instead of starting again,
    and forgetting costs O(1) per entry, amortised.
    """
    if len(memo) >= bound:
        for old in list(islice(memo, max(1, bound // 4))):
            del memo[old]
    memo[key] = found


def raise_again(error: NotationError) -> NoReturn:
    """Raise a remembered error as if afresh: without the traceback or the
    context of the raise that first met it."""
    error.__context__ = error.__cause__ = None
    raise error.with_traceback(None)
