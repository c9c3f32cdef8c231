"""The exports' JSON writer gives the standard library's text, character for character."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sphinx_paperdigest.core.exports.jsontext import dumps

KEYS = st.one_of(
    st.text(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
)
LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(alphabet=st.characters(codec=None, blacklist_categories=())),
)
VALUES = st.recursive(
    LEAVES,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5),
        st.lists(inner, max_size=5).map(tuple),
        st.dictionaries(KEYS, inner, max_size=5),
    ),
    max_leaves=40,
)


@settings(max_examples=200, deadline=None)
@given(VALUES)
def test_same_text_as_json_dumps(value):
    assert dumps(value) == json.dumps(value, ensure_ascii=False, indent=2)


def test_same_text_for_an_export():
    value = {
        "schema": 1,
        "digests": [{"digest": {"title": '論文 "まとめ"\n', "entries": [], "meta": {}}}],
        "papers": {"arxiv:2106.03253": {"authors": ["A B", "C\u2028D"], "year": 2021}},
        "numbers": [0.1, 1e300, -0.0, 2**70, True, None],
    }
    assert dumps(value) == json.dumps(value, ensure_ascii=False, indent=2)


@pytest.mark.parametrize("value", [{1, 2}, b"bytes", object(), {("a",): 1}])
def test_what_json_refuses_is_refused(value):
    with pytest.raises(TypeError):
        json.dumps(value, ensure_ascii=False, indent=2)
    with pytest.raises(TypeError):
        dumps(value)
