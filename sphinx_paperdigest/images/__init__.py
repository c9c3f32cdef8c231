"""Card pictures without Sphinx: thumbnails and downloads.

Nothing here imports Sphinx or docutils (``tests/test_images_purity.py``
checks it); :mod:`sphinx_paperdigest.thumbnails` is the Sphinx side.

- :mod:`.plan`: what thumbnails a picture gets (sizes, crop, format); no pixels.
- :mod:`.pixels`: Pillow: open (four formats only), decode, resize, pad, encode;
  the memory a picture needs, from its header.
- :mod:`.budget`: the memory the pictures decoded side by side may take.
- :mod:`.cache`: where thumbnails live and what is known of each source.
- :mod:`.thumbnailer`: :class:`~.thumbnailer.Thumbnailer`, which puts them together.
- :mod:`.files`: content hashes, atomic writes, SVG sniffing.
- :mod:`.fetch`: downloads: redirects, a size cap, JPEG/PNG/GIF/WebP by their bytes.
- :mod:`.netpolicy`: where downloads may connect (public addresses) and one deadline.
"""
