"""Where thumbnails live, and what is known of each source picture.

Layout under the cache directory: ``facts/`` (what a source picture is, by
content hash, so that the warm path needs no Pillow at all) and ``thumbs/``
(thumbnails, named by a hash of the source and of the settings that shape
them). Every file is written atomically (:func:`.files.write_atomic`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from .files import file_digest, write_atomic
from .pixels import ALGORITHM
from .plan import FORMATS, Plan, SourceFacts, ThumbnailSettings, plan_for


@dataclass(frozen=True, slots=True)
class Variant:
    """One thumbnail file: its path, its density (1.0 for 1x) and size in pixels."""

    path: Path
    density: float
    width: int
    height: int

    @property
    def descriptor(self) -> str:
        """The ``srcset`` descriptor (``2x``, ``1.5x``)."""
        return f"{self.density:.2f}".rstrip("0").rstrip(".") + "x"


@dataclass(frozen=True, slots=True)
class Thumbnail:
    """The thumbnails of one source under one set of settings; ``variants[0]`` is 1x."""

    digest: str
    facts: SourceFacts
    format: str
    variants: tuple[Variant, ...]
    written: int = 0


def cache_key(digest: str, plan: Plan, settings: ThumbnailSettings) -> str:
    """Name of a source's thumbnails: its content hash and what shapes the pixels.

    Only settings that change the output are in the key: the quality does not
    matter to a PNG, nor the requested size to a picture smaller than it.
    """
    lossy = plan.format != "png"
    shape = {
        "algorithm": ALGORITHM,
        "source": digest,
        "format": plan.format,
        "quality": settings.quality if lossy else None,
        "crop": [round(v, 3) for v in plan.crop],
        "targets": [asdict(t) for t in plan.targets],
        "pad": ("white" if plan.format == "jpeg" else "clear") if plan.padded else None,
    }
    text = json.dumps(shape, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


class ThumbnailCache:
    """The files of a cache directory; reading it never decodes a picture."""

    def __init__(self, cache_dir: Path) -> None:
        self.cache_dir = Path(cache_dir)
        self._digests: dict[tuple[str, int, int], str] = {}

    def digest(self, source: Path) -> str:
        """The content hash of ``source``, remembered while its size and mtime hold."""
        stat = source.stat()
        key = (str(source), stat.st_size, stat.st_mtime_ns)
        found = self._digests.get(key)
        if found is None:
            found = self._digests[key] = file_digest(source)
        return found

    def facts(self, digest: str) -> SourceFacts | None:
        """The recorded facts of a source, or None when it was never decoded."""
        try:
            data = json.loads(self._facts_path(digest).read_text(encoding="utf-8"))
            return SourceFacts(**data)
        except (OSError, ValueError, TypeError):
            return None

    def save_facts(self, digest: str, facts: SourceFacts) -> None:
        """Record what a source is (unless the same is recorded already)."""
        path = self._facts_path(digest)
        data = json.dumps(asdict(facts), sort_keys=True).encode()
        if path.is_file() and path.read_bytes() == data:
            return
        write_atomic(path, lambda f: f.write(data))

    def variants(self, digest: str, facts: SourceFacts, settings: ThumbnailSettings) -> Thumbnail:
        """The thumbnail files for a source and settings (they may not exist yet)."""
        plan = plan_for(facts, settings)
        key = cache_key(digest, plan, settings)
        suffix = FORMATS[plan.format][2]
        base = plan.targets[0].canvas[0]
        variants = []
        for i, target in enumerate(plan.targets):
            name = key + ("" if i == 0 else f"-{i + 1}x") + suffix
            path = self.cache_dir / "thumbs" / key[:2] / name
            variants.append(Variant(path, target.canvas[0] / base, *target.canvas))
        return Thumbnail(digest, facts, plan.format, tuple(variants))

    def lookup(self, digest: str, settings: ThumbnailSettings) -> Thumbnail | None:
        """The thumbnails of a source when all their files are there, else None."""
        facts = self.facts(digest)
        if facts is None:
            return None
        found = self.variants(digest, facts, settings)
        return found if all(v.path.is_file() for v in found.variants) else None

    def _facts_path(self, digest: str) -> Path:
        return self.cache_dir / "facts" / digest[:2] / f"{digest}.json"
