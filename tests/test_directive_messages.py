"""What the directive says when a project is set up wrong: a digest as a page, a wrong path."""

from __future__ import annotations

import pytest

from sphinx_paperdigest.suggest import MAX_ENTRIES, close_paths, did_you_mean

from .conftest import page_with, parsed_warnings

NO_EXCLUDE = 'extensions = ["sphinx_paperdigest"]\nexclude_patterns = ["_build"]\n'
TOC = "# Papers\n\n```{toctree}\nsub/page\nother\n```\n"


def of_type(app, subtype):
    return [w for w in parsed_warnings(app) if w.type == f"paperdigest.{subtype}"]


# -- a digest that exclude_patterns does not exclude -----------------------------------


def test_digest_built_as_a_page_warns_once_at_the_directive(project):
    pages = {
        "conf.py": NO_EXCLUDE,
        "index.md": page_with(),
        "other.md": "# Other\n\nText.\n\n" + page_with(),
    }
    app = project("options", pages)
    (found,) = of_type(app, "not-excluded")  # two pages use it: said once
    assert (found.file, found.line) == (str(app.srcdir / "index.md"), 3)
    assert found.message == (
        "digest 'digests/papers.md' is also built as a page of its own, since "
        'exclude_patterns does not exclude it; add "digests" to exclude_patterns in conf.py: '
        'exclude_patterns = ["_build", "digests"]'
    )
    # it is indeed a page: that is what the warning is about
    assert (app.outdir / "digests" / "papers.html").is_file()


def test_digest_at_the_top_names_itself(project):
    pages = {"conf.py": NO_EXCLUDE, "index.md": page_with(digest="ml.md")}
    app = project("options", pages, build=False)
    (app.srcdir / "digests" / "papers.md").rename(app.srcdir / "ml.md")
    app.build()
    (found,) = of_type(app, "not-excluded")
    assert 'add "ml.md" to exclude_patterns' in found.message


def test_excluded_or_structured_digests_say_nothing(project):
    app = project("options", {"index.md": page_with()})  # the root excludes digests
    assert parsed_warnings(app) == []
    yaml = "- title: A\n  url: https://example.org/a/\n  summary: Text.\n"
    pages = {"conf.py": NO_EXCLUDE, "index.md": page_with(digest="d.yaml"), "d.yaml": yaml}
    app = project("options", pages)
    assert of_type(app, "not-excluded") == []  # a .yaml file is no page


# -- a wrong digest path -------------------------------------------------------------------


def not_found(app):
    (found,) = of_type(app, "not-found")
    return found


def test_wrong_path_says_where_it_looked_and_what_is_close(project):
    app = project("options", {"index.md": page_with(digest="digest/paper.md")})
    found = not_found(app)
    assert (found.file, found.line) == (str(app.srcdir / "index.md"), 3)
    assert found.message == (
        "cannot read digest 'digest/paper.md': No such file or directory; looked for "
        "'digest/paper.md' in the source directory (relative to the page; start the path "
        "with / for the source directory); did you mean 'digests/papers.md'?"
    )


def test_path_from_a_page_in_a_folder(project):
    # the page is sub/page.md: digests/papers.md is looked for next to it
    app = project("options", {"index.md": TOC, "sub/page.md": page_with(), "other.md": "# O\n"})
    message = not_found(app).message
    assert "looked for 'sub/digests/papers.md' in the source directory" in message
    assert message.endswith("did you mean '/digests/papers.md'?")


def test_absolute_path_suggestions_are_absolute(project):
    app = project("options", {"index.md": page_with(digest="/digests/levls.md")})
    message = not_found(app).message
    assert "looked for 'digests/levls.md' in the source directory (relative to the source" in (
        message
    )
    assert message.endswith("did you mean '/digests/levels.md'?")


def test_nothing_close_suggests_nothing(project):
    app = project("options", {"index.md": page_with(digest="digests/zzz-unrelated.toml")})
    message = not_found(app).message
    assert "did you mean" not in message
    assert message.endswith("start the path with / for the source directory)")


def test_close_paths_stay_in_the_source_directory(tmp_path):
    srcdir = tmp_path / "src"
    (srcdir / "digests").mkdir(parents=True)
    (srcdir / "digests" / "ml.md").write_text("x")
    (srcdir / "digests" / "ml.png").write_text("x")  # no digest suffix: never suggested
    (srcdir / "digests" / ".ml.md").write_text("x")  # hidden: never suggested
    (tmp_path / "ml.md").write_text("x")  # outside the source directory
    wanted = srcdir / "digests" / "mll.md"
    assert close_paths(wanted, srcdir, srcdir, "digests/mll.md") == ["digests/ml.md"]
    # a missing folder: looked for from the nearest folder that exists, the source directory
    # at most (the ml.md above it is not listed)
    assert close_paths(srcdir / "digest" / "ml.md", srcdir, srcdir, "digest/ml.md") == [
        "digests/ml.md"
    ]


def test_close_paths_look_at_a_bounded_number_of_entries(tmp_path):
    srcdir = tmp_path / "src"
    many = srcdir / "many"
    many.mkdir(parents=True)
    for n in range(MAX_ENTRIES + 10):
        (many / f"a{n:05d}.bin").touch()
    (many / "zz-ml.md").write_text("x")  # listed after the budget is spent
    assert close_paths(many / "zz-ml.mdx", srcdir, srcdir, "many/zz-ml.mdx") == []


@pytest.mark.parametrize(
    ("names", "text"),
    [
        ([], ""),
        (["a"], "did you mean 'a'?"),
        (["a", "b"], "did you mean 'a' or 'b'?"),
        (["a", "b", "c"], "did you mean 'a', 'b' or 'c'?"),
    ],
)
def test_did_you_mean(names, text):
    assert did_you_mean(names) == text
