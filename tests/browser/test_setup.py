"""Without a browser, the browser tests fail in CI and skip elsewhere."""

from __future__ import annotations

import pytest

from .conftest import refuse


@pytest.mark.parametrize("ci", ["1", "true"])
def test_missing_browser_fails_when_ci_is_set(ci):
    with pytest.raises(pytest.fail.Exception, match="CI is set"):
        refuse("/usr/bin/chromium is missing", ci)


@pytest.mark.parametrize("ci", [None, ""])
def test_missing_browser_skips_with_a_reason_elsewhere(ci):
    with pytest.raises(pytest.skip.Exception, match="chromium is missing"):
        refuse("/usr/bin/chromium is missing", ci)
