"""Every benchmark script runs in a small form; timings are never asserted."""

from __future__ import annotations

import re
import subprocess
import sys

from .conftest import REPO


def run_benchmark(name: str, *args: str) -> str:
    """The output of ``benchmarks/<name>`` run with ``args``; it must succeed."""
    result = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / name), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_bench_build_quick_runs():
    stdout = run_benchmark("bench_build.py", "--quick")
    rows = [line for line in stdout.splitlines() if re.match(r"\s*\d+ ", line)]
    # one row per size: N, then CPU (wall) seconds of a, b and c, then c/a and b/c
    assert [row.split()[0] for row in rows] == ["20", "60"]
    for row in rows:
        numbers = [float(n) for n in re.findall(r"\d+\.\d+", row)]
        assert len(numbers) == 8
        assert all(n > 0 for n in numbers)
    assert "1.00: linear" in stdout


def test_bench_enrich_quick_runs_and_shows_authors_from_the_cache():
    stdout = run_benchmark("bench_enrich.py", "--quick")
    assert "N = 60 entries, " in stdout
    shown = re.search(r"cards with authors \(cached\): (\d+)", stdout)
    assert shown is not None and int(shown[1]) > 0
    ratio = re.search(r"cached/off (\d+\.\d+)", stdout)
    assert ratio is not None and float(ratio[1]) > 0


def test_bench_read_quick_runs():
    rows = run_benchmark("bench_read.py", "--quick").splitlines()[1:]
    assert len(rows) == 1
    size, bare, reader, ratio = rows[0].split()
    assert size == "200"
    assert float(bare.replace(",", "")) > 0 < float(reader.replace(",", ""))
    assert float(ratio) > 0


def test_bench_thumbs_quick_runs_and_proves_the_warm_cache_idle():
    stdout = run_benchmark("bench_thumbs.py", "--quick")  # it fails when quality is lost
    assert "a/b = " in stdout
    assert "(c) picture work: 0 Image.open calls, 0 encoder calls" in stdout
    # the quality goal was checked for each output of each kind of picture and source
    checked = re.findall(r"^(photo|text|stripes) (jpg|png) +(\d+x\d+) ", stdout, re.MULTILINE)
    assert len(set(checked)) == 12
    assert "MISSED" not in stdout


def test_bench_theme_small_run():
    stdout = run_benchmark("bench_theme.py", "20", "1")
    themes = [line.split()[0] for line in stdout.splitlines()[1:]]
    assert themes == ["alabaster", "paperdigest", "furo"]
    assert "ratio to alabaster  1.00" in stdout.splitlines()[1]


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


def test_bench_exports_quick_runs():
    stdout = run_benchmark("bench_exports.py", "--quick")
    assert "none: writes nothing" in stdout
    assert "default: writes papers.bib, papers.json" in stdout
    assert "all: writes papers.atom, papers.bib, papers.csv, papers.json" in stdout
    ratios = re.search(r"default/none (\d+\.\d+)  all/none (\d+\.\d+)", stdout)
    assert ratios is not None and float(ratios.group(1)) > 0 < float(ratios.group(2))
    for fmt in ("atom", "json", "bibtex", "csv"):
        assert re.search(rf"{fmt}: +\d+\.\d ms +x\d+\.\d\d of reading", stdout), fmt


def test_bench_hostile_quick_runs_every_case():
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        import bench_hostile
    finally:
        sys.path.pop(0)
    lines = run_benchmark("bench_hostile.py", "--quick").splitlines()
    # a header, one row per case (two ratios and their growth), the largest growth
    assert lines[0].split() == ["case", "x8,000", "B", "x32,000", "B", "growth"]
    rows = [line.split() for line in lines[1:-1]]
    assert [row[0] for row in rows] == [case.name for case in bench_hostile.CASES]
    for row in rows:
        assert all(float(n) > 0 for n in row[1:]), row
    assert re.fullmatch(r"largest growth: \d+\.\d\d \([a-z-]+\); 1\.00: linear.*", lines[-1])


def test_bench_memory_quick_runs():
    stdout = run_benchmark("bench_memory.py", "--quick")
    peaks = [float(n) for n in re.findall(r"(\d+\.\d) MB  \(\d+ s CPU\)", stdout)]
    # four picture builds, three digest sizes
    assert len(peaks) == 7
    assert all(20 < peak < 2000 for peak in peaks)
    assert "MB per 1,000" in stdout


def test_bench_hostile_build_quick_runs():
    stdout = run_benchmark("bench_hostile_build.py", "--quick")
    rows = [line.split() for line in stdout.splitlines() if re.match(r"[a-z-]+ +\d+ ", line)]
    cases = [row[0] for row in rows]
    # every case at both sizes, each against the plain digest of its size
    assert cases.count("plain") == 2 and len(set(cases)) >= 9
    assert {"unclosed-comments", "alias-bomb", "long-word", "large-local-pictures"} <= set(cases)
    assert [row[1] for row in rows if row[0] == "plain"] == ["2000", "4000"]
    for row in rows:
        # case, size, html CPU s and its ratio, html MB and its ratio, growth
        assert len(row) == 7, row
        # no case may fail or stall the build
        assert float(row[2]) > 0 and row[3].startswith("x") and float(row[3][1:]) > 0
    assert all(row[3] == "x1.00" for row in rows if row[0] == "plain")
    assert "growth" in stdout


def test_bench_incremental_quick_runs():
    stdout = run_benchmark("bench_incremental.py", "--quick")
    rows = [line.split() for line in stdout.splitlines() if re.match(r"\s*\d+ ", line)]
    # N, the page, CPU seconds of the cold, edit and unchanged builds, two ratios
    assert [row[:2] for row in rows] == [["60", "directive"], ["60", "plain"]]
    for row in rows:
        assert all(float(n) > 0 for n in row[2:]), row
        assert len(row) == 7
