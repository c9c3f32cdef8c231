"""URL rules: safety, paper classification, dates and slugs."""

from __future__ import annotations

import datetime as dt

import pytest

from sphinx_paperdigest.core import urls


@pytest.mark.parametrize(
    ("url", "kind", "ident"),
    [
        ("https://arxiv.org/abs/2106.02584", "arxiv", "2106.02584"),
        ("http://arxiv.org/abs/2412.01234v2", "arxiv", "2412.01234"),
        ("https://arxiv.org/pdf/2006.15315.pdf", "arxiv", "2006.15315"),
        ("https://arxiv.org/pdf/2405.01533v2", "arxiv", "2405.01533"),
        ("https://arxiv.org/html/2401.00001v1", "arxiv", "2401.00001"),
        ("https://www.arxiv.org/abs/1911.11763#x", "arxiv", "1911.11763"),
        ("https://export.arxiv.org/abs/2105.15203v1", "arxiv", "2105.15203"),
        ("https://arxiv.org/abs/hep-th/9901001v3", "arxiv", "hep-th/9901001"),
        ("https://arxiv.org/abs/math.GT/0309136", "arxiv", "math.GT/0309136"),
        ("https://arxiv.org/list/cs.LG/recent", "other", None),
        ("https://doi.org/10.1145/3548606.3560585", "doi", "10.1145/3548606.3560585"),
        ("https://dx.doi.org/10.1038/nature14539", "doi", "10.1038/nature14539"),
        ("https://openreview.net/forum?id=rJY0-Kcll", "openreview", "rJY0-Kcll"),
        ("https://openreview.net/pdf?id=YicbFdNTTy", "openreview", "YicbFdNTTy"),
        ("https://aclanthology.org/2020.acl-main.1.pdf", "acl", "2020.acl-main.1"),
        ("https://aclanthology.org/P19-1001/", "acl", "P19-1001"),
        ("https://www.aclweb.org/anthology/N19-1423", "acl", "N19-1423"),
        (
            "https://openaccess.thecvf.com/content_CVPR_2020/papers/Sarlin_SuperGlue_CVPR_2020_paper.pdf",
            "cvf",
            "Sarlin_SuperGlue_CVPR_2020_paper",
        ),
        ("https://proceedings.mlr.press/v139/kim21a.html", "pmlr", "v139/kim21a"),
        (
            "https://proceedings.neurips.cc/paper/2020/hash/1457c0d6bfcb4967418bfb8ac142f64a-Abstract.html",
            "neurips",
            "2020/1457c0d6bfcb4967418bfb8ac142f64a",
        ),
        (
            "https://papers.nips.cc/paper_files/paper/2017/file/3f5ee243547dee91fbd053c1c4a845aa-Paper.pdf",
            "neurips",
            "2017/3f5ee243547dee91fbd053c1c4a845aa",
        ),
        ("https://iclr.cc/virtual/2021/poster/3184", "iclr", None),
        (
            "https://www.semanticscholar.org/paper/Attention-is-All-you-Need-Vaswani/204e3073870fae3d05bcbc2f6a8e263d9b72e776",
            "semanticscholar",
            "204e3073870fae3d05bcbc2f6a8e263d9b72e776",
        ),
        ("https://github.com/OpenDriveLab/UniAD", "github", "OpenDriveLab/UniAD"),
        ("https://github.com/owner/repo.git", "github", "owner/repo"),
        ("https://github.com/owner/repo/blob/main/x.png?raw=true", "github", "owner/repo"),
        ("https://owner.github.io/project/", "other", None),
        ("https://tech.fusic.co.jp/posts/2021-06-13-x/", "other", None),
    ],
)
def test_classify(url, kind, ident):
    assert urls.classify_url(url) == (kind, ident)


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://example.org", True),
        ("http://example.org", True),
        ("mailto:a@example.org", True),
        ("images/x.png", True),
        ("#anchor", True),
        ("//cdn.example.org/x.png", True),
        ("javascript:alert(1)", False),
        ("JavaScript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        (" \x01javascript:alert(1)", False),
        ("vbscript:msgbox", False),
        ("data:text/html;base64,PHNjcmlwdD4=", False),
        ("data:image/png;base64,iVBORw0KGgo=", False),
        ("file:///etc/passwd", False),
        ("ftp://example.org/x", False),
    ],
)
def test_safety(url, safe):
    assert urls.is_safe_url(url) is safe


@pytest.mark.parametrize(
    ("url", "date"),
    [
        ("https://tech.fusic.co.jp/posts/2021-06-13-ml-npts/", dt.date(2021, 6, 13)),
        ("https://example.org/2021/06/13/post.html", dt.date(2021, 6, 13)),
        ("https://example.org/2021/06/13", dt.date(2021, 6, 13)),
        ("https://example.org/2021-13-40-not-a-date/", None),
        ("https://example.org/posts/12021-06-13/", None),
        ("https://example.org/a", None),
    ],
)
def test_date_from_url(url, date):
    assert urls.date_from_url(url) == date


@pytest.mark.parametrize(
    ("src", "path"),
    [
        ("images/a.png", "images/a.png"),
        ("./images/../a.png", "a.png"),
        ("a%20b.png", "a b.png"),
        ("../a.png", None),
        ("images/../../a.png", None),
        ("/abs/a.png", None),
        ("..\\a.png", None),
        ("", None),
    ],
)
def test_local_path(src, path):
    assert urls.local_path(src) == path


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("see https://arxiv.org/abs/2106.03253)という研究", "https://arxiv.org/abs/2106.03253"),
        ("(https://example.org/a_(b))", "https://example.org/a_(b)"),
        ("https://example.org/x.", "https://example.org/x"),
        ("https://example.org/x?y=1&z=2,", "https://example.org/x?y=1&z=2"),
    ],
)
def test_bare_urls(text, found):
    match = urls.BARE_URL_RE.search(text)
    assert match is not None
    assert urls.trim_bare_url(match.group(0)) == found


def test_slugs():
    assert urls.url_slug("https://example.org/posts/2021-06-13-ml-npts/") == "2021-06-13-ml-npts"
    assert urls.url_slug("https://example.org/papers/index.html") == "papers"
    assert urls.url_slug("https://example.org/") == "example-org"
    assert urls.slugify("NeRF in the Wild!") == "nerf-in-the-wild"
    assert urls.slugify("論文") == ""
