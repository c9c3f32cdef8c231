"""Memory bounded by pixels: the budget jobs share, the estimate, the per-picture cap."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from PIL import Image, ImageFile

from sphinx_paperdigest.images import pixels
from sphinx_paperdigest.images.budget import MIB, PROCESS_BUDGET, MemoryBudget
from sphinx_paperdigest.images.plan import ThumbnailSettings
from sphinx_paperdigest.images.thumbnailer import Thumbnailer, ThumbnailError

from .conftest import REPO
from .thumbnail_images import text_shot

DEFAULT = ThumbnailSettings()


class Ledger:
    """What fake jobs hold at once, as they see it (not as the budget says)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.running: dict[str, int] = {}
        self.most_bytes = 0
        self.most_jobs = 0
        self.order: list[str] = []
        self.alongside: dict[str, set[str]] = {}

    def job(self, budget: MemoryBudget, name: str, amount: int, seconds: float) -> None:
        with budget.hold(amount):
            with self.lock:
                self.order.append(name)
                for other in self.running:
                    self.alongside.setdefault(other, set()).add(name)
                self.alongside.setdefault(name, set()).update(self.running)
                self.running[name] = amount
                self.most_bytes = max(self.most_bytes, sum(self.running.values()))
                self.most_jobs = max(self.most_jobs, len(self.running))
            time.sleep(seconds)
            with self.lock:
                del self.running[name]


def test_jobs_never_hold_more_than_the_budget():
    budget, ledger = MemoryBudget(100), Ledger()
    rng = random.Random(7)
    amounts = [rng.randrange(5, 61) for _ in range(40)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        for i, amount in enumerate(amounts):
            pool.submit(ledger.job, budget, f"job{i}", amount, 0.004)
    assert len(ledger.order) == len(amounts)
    assert ledger.most_bytes <= 100
    assert budget.peak_bytes <= 100
    assert ledger.most_jobs >= 2  # bounded by bytes, not serialised
    assert budget.used == 0


def test_a_picture_larger_than_the_budget_runs_alone():
    budget, ledger = MemoryBudget(100), Ledger()
    jobs = [("small0", 10), ("small1", 10), ("huge", 250), ("small2", 10), ("small3", 10)]
    with ThreadPoolExecutor(max_workers=5) as pool:
        for name, amount in jobs:
            pool.submit(ledger.job, budget, name, amount, 0.02)
            time.sleep(0.002)  # submitted in this order
    assert sorted(ledger.order) == sorted(name for name, _ in jobs)
    assert ledger.alongside.get("huge", set()) == set()
    assert ledger.most_jobs >= 2  # the small ones did run side by side


def test_waiters_are_served_in_order():
    """A small job that comes after a large waiting one does not overtake it."""
    budget, order = MemoryBudget(100), []
    release_first = threading.Event()

    def first() -> None:
        with budget.hold(60):
            order.append("first")
            release_first.wait(5)

    def run(name: str, amount: int) -> None:
        with budget.hold(amount):
            order.append(name)

    threads = [threading.Thread(target=first)]
    threads[0].start()
    while budget.used != 60:
        time.sleep(0.001)
    for name, amount in (("large", 80), ("small", 10)):
        threads.append(threading.Thread(target=run, args=(name, amount)))
        threads[-1].start()
        time.sleep(0.05)
    assert order == ["first"]  # "small" would fit beside "first", but "large" came first
    release_first.set()
    for thread in threads:
        thread.join(5)
    assert order == ["first", "large", "small"]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork here")
def test_a_forked_process_starts_with_the_whole_budget():
    """Sphinx's ``-j`` workers are forked: bytes held by a thread are not theirs."""
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with PROCESS_BUDGET.hold(PROCESS_BUDGET.total):
            held.set()
            release.wait(5)

    thread = threading.Thread(target=hold)
    thread.start()
    held.wait(5)
    try:
        pid = os.fork()
        if pid == 0:  # the child: it must not wait for a thread it does not have
            signal.alarm(10)  # a child that waits is killed: the test fails, not hangs
            with PROCESS_BUDGET.hold(1):
                os._exit(0 if PROCESS_BUDGET.used == 1 else 1)
        _, status = os.waitpid(pid, 0)
    finally:
        release.set()
        thread.join(5)
    assert os.waitstatus_to_exitcode(status) == 0
    assert PROCESS_BUDGET.used == 0


def test_budget_must_be_positive():
    with pytest.raises(ValueError, match="positive"):
        MemoryBudget(0)


def test_thumbnailers_share_the_process_budget(tmp_path):
    assert Thumbnailer(tmp_path / "a").budget is Thumbnailer(tmp_path / "b").budget
    assert Thumbnailer(tmp_path / "a").budget is PROCESS_BUDGET


# -- real pictures --------------------------------------------------------------------


def test_a_picture_over_the_cap_is_refused_before_decoding(tmp_path, monkeypatch):
    source = tmp_path / "large.png"
    Image.new("RGB", (3000, 2000), (10, 20, 30)).save(source, compress_level=1)

    def no_load(self):
        raise AssertionError("a refused picture was decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_load)
    thumbs = Thumbnailer(tmp_path / "cache", max_bytes=16 * MIB)
    with pytest.raises(ThumbnailError, match=r"3000x2000 picture needs about \d+ MB .* 16 MB"):
        thumbs.thumbnail(source, DEFAULT)
    assert thumbs.stats.decodes == 0


def test_large_pictures_in_threads_stay_within_the_budget(tmp_path):
    sources = []
    for i in range(4):
        sources.append(tmp_path / f"shot{i}.png")
        text_shot((2400, 1800), seed=i).save(sources[-1], compress_level=1)
    with pixels.open_picture(sources[0]) as opened:
        need = pixels.decode_bytes(opened, DEFAULT)
    budget = MemoryBudget(need * 3 // 2)  # room for one picture, not two
    thumbs = Thumbnailer(tmp_path / "cache", budget=budget)
    results = thumbs.thumbnail_many([(s, DEFAULT) for s in sources], workers=4)
    assert budget.peak_holders == 1
    assert budget.peak_bytes <= budget.total
    assert budget.used == 0
    for result in results:
        assert not isinstance(result, ThumbnailError)
        assert [(v.width, v.height) for v in result.variants] == [(640, 360), (1280, 720)]


MEASURE = """
import sys
from pathlib import Path
from sphinx_paperdigest.images import pixels
from sphinx_paperdigest.images.plan import ThumbnailSettings
from sphinx_paperdigest.images.thumbnailer import Thumbnailer

settings = ThumbnailSettings()
thumbs = Thumbnailer(Path(sys.argv[3]))
thumbs.thumbnail(Path(sys.argv[2]), settings)  # loads the codecs: not the picture's memory
with pixels.open_picture(Path(sys.argv[1])) as opened:
    estimate = pixels.decode_bytes(opened, settings)


def status(field):
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) * 1024 for line in f if line.startswith(field))


with open("/proc/self/clear_refs", "w") as f:
    f.write("5")  # the peak so far is forgotten: it starts again from now
before = status("VmRSS:")
thumbs.thumbnail(Path(sys.argv[1]), settings)
print(estimate, status("VmHWM:") - before)
"""


def _save(kind: str, path: Path, size: int, mark: int = 0) -> None:
    """A picture of one of the modes PNGs decode to, quick to make and to compress."""
    grey = Image.linear_gradient("L").resize((size, size))
    picture = Image.merge("RGB", [grey, grey.transpose(Image.Transpose.ROTATE_90), grey])
    picture.putpixel((0, 0), (mark, 0, 0))  # a picture of its own
    if kind == "rgba":
        picture.putalpha(grey)
    elif kind == "palette":
        picture = picture.quantize(64)
        picture.info["transparency"] = 0
    elif kind == "grey":
        picture = grey
    picture.save(path, compress_level=1)


@pytest.mark.skipif(not Path("/proc/self/clear_refs").exists(), reason="Linux's /proc")
@pytest.mark.parametrize("kind", ["rgb", "rgba", "palette", "grey"])
def test_the_estimate_covers_what_a_picture_really_takes(tmp_path, kind):
    """Peak memory of thumbnailing one 3000x3000 picture, in a fresh process.

    The peak resident memory (``VmHWM``) is reset after a warm-up, so it is
    that of the picture alone (``ru_maxrss`` would start at the test process's).
    """
    source, warm = tmp_path / f"{kind}.png", tmp_path / "warm.png"
    _save(kind, source, 3000)
    _save(kind, warm, 64)
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(source), str(warm), str(tmp_path / "cache")],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    estimate, grew = (int(n) for n in result.stdout.split())
    pixels_bytes = 3000 * 3000 * (1 if kind == "grey" else 4)
    assert grew >= pixels_bytes * 0.9  # the measure sees the decoded picture
    assert grew <= estimate


RETAIN = """
import sys
from pathlib import Path
from sphinx_paperdigest.images import pixels
from sphinx_paperdigest.images.budget import MemoryBudget
from sphinx_paperdigest.images.plan import ThumbnailSettings
from sphinx_paperdigest.images.thumbnailer import Thumbnailer

settings = ThumbnailSettings()
sources = [Path(p) for p in sys.argv[2:]]
with pixels.open_picture(sources[0]) as opened:
    estimate = pixels.decode_bytes(opened, settings)
thumbs = Thumbnailer(Path(sys.argv[1]), budget=MemoryBudget(estimate * 6 // 5))
with open("/proc/self/status") as f:
    before = next(int(line.split()[1]) * 1024 for line in f if line.startswith("VmRSS:"))
thumbs.thumbnail_many([(s, settings) for s in sources], workers=4)
with open("/proc/self/status") as f:
    peak = next(int(line.split()[1]) * 1024 for line in f if line.startswith("VmHWM:"))
print(estimate, peak - before, thumbs.budget.peak_holders)
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="Linux's /proc")
def test_threads_do_not_each_keep_a_picture_s_memory(tmp_path):
    """Pictures made one at a time on three threads peak at one picture, not three.

    (With Pillow's default 16 MiB blocks, each thread's malloc arena kept the
    memory of the last picture it made: this test then measures 1.6 times the
    estimate.)
    """
    sources = []
    for i in range(3):
        sources.append(tmp_path / f"p{i}.png")
        _save("rgb", sources[-1], 6000, mark=i)
    result = subprocess.run(
        [sys.executable, "-c", RETAIN, str(tmp_path / "cache"), *map(str, sources)],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    estimate, grew, holders = (int(n) for n in result.stdout.split())
    assert holders == 1
    assert grew <= estimate * 3 // 2
