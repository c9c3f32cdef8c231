"""Every payload of the hostile corpus, and the control digest."""

from __future__ import annotations

from . import (
    Payload,
    payloads_cost,
    payloads_crash,
    payloads_exec,
    payloads_hosts,
    payloads_markup,
    payloads_read,
)

ALL: tuple[Payload, ...] = (
    *payloads_read.PAYLOADS,
    *payloads_markup.PAYLOADS,
    *payloads_exec.PAYLOADS,
    *payloads_hosts.PAYLOADS,
    *payloads_crash.PAYLOADS,
    *payloads_cost.PAYLOADS,
)
BY_NAME = {payload.name: payload for payload in ALL}
assert len(BY_NAME) == len(ALL), "payload names must be unique"
