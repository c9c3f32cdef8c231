"""The slug family: ASCII slugs, id slugs, word slugs and Unicode slugs."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from sphinx_paperdigest.core import urls
from sphinx_paperdigest.core.slugs import id_slug, slugify, unicode_slug, word_slug


def test_ascii_slugs():
    assert slugify("NeRF in the Wild!") == "nerf-in-the-wild"
    assert slugify("論文") == ""
    assert urls.slugify is slugify  # the URL slugs use the same


def test_id_slugs_keep_what_a_url_keeps():
    assert id_slug("NeRF-W v2.1~x") == "NeRF-W-v2.1~x"
    assert id_slug("a/b c") == "a-b-c"
    assert id_slug("論文") == ""


def test_word_slugs_keep_words_of_any_script():
    assert word_slug("2021年 Papers", "group") == "2021年-papers"
    assert word_slug("_!!_", "group") == "group"


def test_unicode_slugs_of_japanese_and_english_topics():
    assert unicode_slug("機械学習 (ML)") == "機械学習-ml"
    assert unicode_slug("Self-Supervised  Learning") == "self-supervised-learning"
    assert unicode_slug("ＮｅＲＦ") == "nerf"  # full width is NFKC'd
    assert unicode_slug("ｶﾅ") == "カナ"  # so is half-width katakana
    assert unicode_slug("Straße") == "strasse"
    assert unicode_slug("हिन्दी") == "हिन्दी"  # vowel signs stay in their word


def test_unicode_slugs_are_never_empty():
    assert re.fullmatch(r"t-[0-9a-f]{8}", unicode_slug("!!!"))
    assert unicode_slug("🚀") != unicode_slug("🛸")
    assert unicode_slug("") == unicode_slug("")


def test_long_unicode_slugs_are_cut_and_stay_apart():
    first, second = unicode_slug("論文" * 100 + "a"), unicode_slug("論文" * 100 + "b")
    assert first != second
    assert len(first.encode()) <= 80
    assert first.startswith("論文論文")
    assert len(unicode_slug("x" * 200, max_bytes=40)) == 40


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=60))
def test_unicode_slugs_are_stable_url_and_file_safe(text):
    slug = unicode_slug(text)
    assert slug == unicode_slug(text)
    assert slug
    assert len(slug.encode("utf-8")) <= 80
    assert not set(slug) & set('/\\?#%&:*"<>| \t\n.')
    assert not slug.startswith("-") and not slug.endswith("-")
