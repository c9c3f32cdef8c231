"""The browser tests' demo site: the seed digest with local pictures, in any theme.

``PAPERDIGEST_TEST_THEME`` names the HTML theme (default ``paperdigest``).
"""

from __future__ import annotations

import os

project = "Paper digest demo"
author = "sphinx-paperdigest contributors"
copyright = "2026, sphinx-paperdigest contributors"

extensions = ["sphinx_paperdigest"]
exclude_patterns = ["_build", "digests"]
# the seed writes one link half-broken (「Title](url)); it is read as the link it
# means and reported, which -W would make an error (as in docs/conf.py)
suppress_warnings = ["paperdigest.broken-link"]
language = "ja"

html_theme = os.environ.get("PAPERDIGEST_TEST_THEME", "paperdigest")
html_title = "Paper digest demo"
html_theme_options: dict[str, object] = {}
html_context: dict[str, object] = {}
if html_theme in {"pydata_sphinx_theme", "sphinx_book_theme"}:
    # without default_mode, pydata-sphinx-theme 0.20 logs a console error
    html_context = {"default_mode": "auto"}
if html_theme == "pydata_sphinx_theme":
    html_theme_options = {"navigation_with_keys": False}

# topics for every palette colour, so each badge colour is measured in each theme
paperdigest_topic_rules = {
    "Transformer": ["Transformer", "Attention"],
    "NeRF": ["NeRF"],
    "Tracking": ["Tracking"],
    "Tabular": ["表形式"],
    "Segmentation": ["セグメンテーション"],
    "Speech": ["音源分離"],
    "CNN": ["ResNet", "EfficientNet", "畳み込み"],
    "Representation": ["表現学習"],
    "SLAM": ["Localization"],
    "Matching": ["マッチング"],
    "GAN": ["イラスト化"],
}
paperdigest_topic_colors = {
    "機械学習": "gray",
    "Transformer": "blue",
    "NeRF": "teal",
    "Tracking": "green",
    "Tabular": "olive",
    "Segmentation": "orange",
    "Speech": "red",
    "CNN": "pink",
    "Representation": "purple",
    "SLAM": "indigo",
    "Matching": "cyan",
    "GAN": "brown",
}
