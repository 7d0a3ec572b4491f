"""Parallel builds (`lmspack build -j`): the one place that forks.

Work is given as a function of an index; forked workers inherit it (nothing of it is
pickled but the index and the result), and results come back in index order, so the
first failure raised is the one a serial run meets.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TypeVar

T = TypeVar("T")
_WORK: Callable[[int], object] | None = None  # what the forked workers run


def in_order(work: Callable[[int], T], count: int, jobs: int, first: int = 0) -> Iterator[T]:
    """work(i) for each i below `count`, in order. The first `first` run here (so that
    what they load and compile is inherited by every worker), the rest in `jobs`
    forked processes where there are at least two and the system can fork. Closing
    the iterator stops the workers."""
    global _WORK
    for i in range(min(first, count)):
        yield work(i)
    rest = range(min(first, count), count)
    if jobs > 1 and len(rest) > 1:
        import multiprocessing  # only here: importing it costs a small build a tenth of its time

        if "fork" in multiprocessing.get_all_start_methods():
            _WORK = work
            try:
                with multiprocessing.get_context("fork").Pool(min(jobs, len(rest))) as pool:
                    yield from pool.imap(_run, rest, chunksize=2)  # type: ignore[misc]
            finally:
                _WORK = None
            return
    for i in rest:
        yield work(i)


def _run(i: int) -> object:
    assert _WORK is not None
    return _WORK(i)
