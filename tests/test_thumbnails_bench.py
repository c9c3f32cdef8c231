"""The thumbnail benchmark runs (``--quick``); its timings are not asserted."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).parent.parent / "benchmarks" / "bench_thumbs.py"


def test_bench_thumbs_quick_runs_and_proves_the_warm_cache_idle():
    done = subprocess.run(
        [sys.executable, str(BENCH), "--quick"],
        check=False,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert "a/b = " in done.stdout
    assert "(c) picture work: 0 Image.open calls, 0 encoder calls" in done.stdout
