"""What grading remembers: the result, or the error, of each text seen before.

Readings and grades are frozen, and real data repeats the same texts, so an
axis remembers its readings, a ladder its grades and a batch its rows (issue
12).  Each memo is a plain ``dict`` that the hot path reads inline; this
module is the rest of it, shared by all three.

>>> memo: dict[str, object] = {}
>>> for n in range(10):
...     remember(memo, str(n), n, bound=8)
>>> list(memo)  # the oldest quarter went when the memo was full
['2', '3', '4', '5', '6', '7', '8', '9']
"""

from __future__ import annotations

from collections.abc import Hashable
from itertools import islice
from typing import Any, NoReturn, TypeVar

import attrs

from ..errors import NotationError

__all__ = ["remember", "Refused"]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


def remember(memo: dict[K, V], key: K, found: V, bound: int) -> None:
    """Keep ``found`` for ``key``, holding ``memo`` within ``bound`` entries.

    A full memo forgets its oldest quarter, not everything: a working set a
    little past the bound keeps most of its hits instead of starting again,
    and forgetting costs O(1) per entry, amortised.  Threads may share a
    memo (a book scattered to a Dask worker's threads): the oldest keys are
    listed from a copy, which one call makes whole, since another thread
    may add to the memo between two steps of walking it; and two threads
    may forget the same keys at once, each going once.
    """
    if len(memo) >= bound:
        for old in list(islice(memo.copy(), max(1, bound // 4))):
            memo.pop(old, None)
    memo[key] = found


@attrs.frozen
class Refused:
    """A text's error, remembered as data and raised afresh each time: a new
    exception with the same class, code, message, text and span, so that no
    traceback, caller's frame or thread is shared between two raises.

    >>> refused = Refused.of(NotationError("expected-number", "expected a number", "待核实"))
    >>> try:
    ...     refused.raise_again()
    ... except NotationError as error:
    ...     print(error.code.value, error.text, error is not refused)
    expected-number 待核实 True
    """

    kind: type[NotationError]
    arguments: tuple[Any, ...]

    @classmethod
    def of(cls, error: NotationError) -> Refused:
        kind, arguments = error.__reduce__()[:2]  # what pickling rebuilds it from: its whole content
        return cls(kind, arguments)

    def raise_again(self) -> NoReturn:
        raise self.kind(*self.arguments)
