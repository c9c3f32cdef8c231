# the theme without the extension: found through its entry point
html_theme = "paperdigest"
