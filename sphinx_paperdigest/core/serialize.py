"""The model as JSON-ready data: the schema of ``paperdigest show --format json``."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from typing import Any

from .model import Diagnostic, Digest

#: Version of the JSON schema; bumped when a field changes meaning or goes away.
SCHEMA_VERSION = 1


def to_data(value: Any) -> Any:
    """Turn model objects (dataclasses, dates, tuples, mappings) into JSON data."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [to_data(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_data(v) for k, v in value.items()}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def digest_data(digest: Digest, diagnostics: list[Diagnostic]) -> dict[str, Any]:
    """The whole JSON document for one digest."""
    data = to_data(digest)
    return {
        "schema": SCHEMA_VERSION,
        "digest": data,
        "diagnostics": to_data(diagnostics),
    }
