"""The collector pause: off inside, back on after (also after an error), never turned on."""

from __future__ import annotations

import gc

import pytest

from sphinx_paperdigest.gcpause import paused


def test_collection_is_off_inside_and_on_again_after():
    assert gc.isenabled()
    with paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), paused():
        raise ValueError
    assert gc.isenabled()


def test_collection_turned_off_by_someone_else_stays_off():
    gc.disable()
    try:
        with paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
