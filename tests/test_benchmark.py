"""The benchmark script runs (``--quick``); its timings are never asserted."""

from __future__ import annotations

import re
import subprocess
import sys

from .conftest import REPO


def test_bench_build_quick_runs():
    script = REPO / "benchmarks" / "bench_build.py"
    result = subprocess.run(
        [sys.executable, str(script), "--quick"],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    rows = [line for line in result.stdout.splitlines() if re.match(r"\s*\d+ ", line)]
    # one row per size: N, then CPU (wall) seconds of a, b and c, then c/a and b/c
    assert [row.split()[0] for row in rows] == ["20", "60"]
    for row in rows:
        numbers = [float(n) for n in re.findall(r"\d+\.\d+", row)]
        assert len(numbers) == 8
        assert all(n > 0 for n in numbers)
    assert "1.00: linear" in result.stdout


def test_generated_digest_has_the_seed_shape():
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        import bench_build
    finally:
        sys.path.pop(0)
    from sphinx_paperdigest.core import parse_digest

    digest, diagnostics = parse_digest(bench_build.make_digest(120), path="bench.md")
    assert diagnostics == []
    assert len(digest.entries) == 120
    assert len({e.id for e in digest.entries}) == 120
    assert [g.title for g in digest.groups] == ["2021年", "2020年", "2019年"]
    assert digest.meta.emoji == "😸"
    assert sum(e.thumbnail is not None for e in digest.entries) > 0
