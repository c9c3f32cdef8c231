"""A process-wide allowance of memory for decoded pictures.

Threads make thumbnails side by side (Pillow releases the GIL), but a decoded
picture can take hundreds of megabytes: a 9,000 x 9,000 PNG is 324 MB in
Pillow. So a thumbnail job first asks :class:`MemoryBudget` for the bytes its
picture will take (estimated from the file's header, before decoding) and
waits until they are free. Concurrency is bounded by bytes, not by a count of
jobs: many small pictures run side by side, large ones one at a time.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections import deque
from collections.abc import Iterator

MIB = 1024 * 1024
#: The process-wide allowance: a 9,000 x 9,000 RGB picture (about 375 MB with
#: its resize) runs alone, twenty 12-megapixel photos (about 60 MB each) side
#: by side. Each ``-j`` worker process has its own.
DEFAULT_BUDGET = 512 * MIB


class MemoryBudget:
    """A semaphore over bytes: :meth:`hold` waits until the bytes asked for are free.

    Waiters are served in the order they came (a large picture is not starved
    by a stream of small ones). A job asking for more than the whole budget
    waits until nothing else is held, then runs alone.
    """

    def __init__(self, total: int) -> None:
        if total <= 0:
            raise ValueError("a memory budget must be positive")
        self.total = total
        self._used = 0
        self._holders = 0
        self._queue: deque[object] = deque()
        self._cond = threading.Condition()
        #: The most bytes, and the most jobs, held at once (for tests and benchmarks).
        self.peak_bytes = 0
        self.peak_holders = 0

    @property
    def used(self) -> int:
        """Bytes held now."""
        with self._cond:
            return self._used

    @contextlib.contextmanager
    def hold(self, amount: int) -> Iterator[None]:
        """Hold ``amount`` bytes of the budget while the ``with`` block runs."""
        amount = max(0, amount)
        ticket = object()
        with self._cond:
            self._queue.append(ticket)
            self._cond.wait_for(lambda: self._queue[0] is ticket and self._fits(amount))
            self._queue.popleft()
            self._used += amount
            self._holders += 1
            self.peak_bytes = max(self.peak_bytes, self._used)
            self.peak_holders = max(self.peak_holders, self._holders)
            self._cond.notify_all()  # the next in line may fit as well
        try:
            yield
        finally:
            with self._cond:
                self._used -= amount
                self._holders -= 1
                self._cond.notify_all()

    def _fits(self, amount: int) -> bool:
        return self._holders == 0 or self._used + amount <= self.total

    def forget_holders(self) -> None:
        """Start afresh in a forked process, where the threads that held bytes are gone."""
        self._used = self._holders = 0
        self._queue = deque()
        self._cond = threading.Condition()


#: The budget every :class:`~.thumbnailer.Thumbnailer` of this process shares by default.
PROCESS_BUDGET = MemoryBudget(DEFAULT_BUDGET)
if hasattr(os, "register_at_fork"):  # Sphinx's -j workers are forked
    os.register_at_fork(after_in_child=PROCESS_BUDGET.forget_holders)
