extensions = ["sphinx_paperdigest"]
exclude_patterns = ["_build", "digests"]
html_theme = "paperdigest"
html_title = "Theme test"
paperdigest_topic_colors = {"NeRF": "teal", "SLAM": "indigo"}
