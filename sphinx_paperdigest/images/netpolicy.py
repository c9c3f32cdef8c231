"""Where a download may connect, and for how long: checked addresses, one deadline.

A digest is untrusted input, so a picture URL must not make the build reach
this machine or its private network (``http://127.0.0.1:8080/admin``, cloud
metadata at ``169.254.169.254``, a name that resolves to ``10.0.0.5``). The
host is resolved here, *every* address it resolves to is judged by
:func:`sphinx_paperdigest.core.hosts.why_refused`, and the socket connects to
one of those very addresses: no second lookup that could answer differently
(DNS rebinding). TLS still names the host (SNI, certificate check), and so
does the ``Host`` header. Every redirect is a new connection, checked again.

No proxy is used, whatever ``HTTP_PROXY``/``HTTPS_PROXY``/``ALL_PROXY`` say:
through a proxy, the address checked would be the proxy's, and the proxy would
reach any host it is asked for.

The deadline covers the whole request: the name lookup, connecting, the TLS
handshake, the status line, headers, body, and every redirect. Each socket
operation may block only for the time left (a socket timeout alone is per
operation: a server that drips a header byte a second would never meet it),
and fails once none is left.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core import hosts

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer, WriteableBuffer

#: Bytes a response's status line and headers may take (servers send a few hundred).
HEADER_BYTES = 64 * 1024

_AddrInfo = tuple[socket.AddressFamily, socket.SocketKind, int, str, Any]


class HostRefused(Exception):
    """A host resolves to an address downloads must not reach."""


class Deadline:
    """One deadline for everything a download does."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def remaining(self) -> float:
        """Seconds left; :class:`TimeoutError` when none are."""
        left = self.end - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"took more than {self.seconds:g} s")
        return left


class HeadersTooLarge(OSError):
    """The status line and headers are larger than :data:`HEADER_BYTES`."""


class WatchedSocket(socket.socket):
    """A socket whose every operation meets the download's deadline.

    ``budget`` bounds the bytes received while it is set (the header phase:
    ``http.client`` would buffer up to 100 header lines of 64 KiB each).
    """

    deadline: Deadline | None = None
    budget: int | None = None

    def _arm(self) -> None:
        if self.deadline is not None:
            self.settimeout(self.deadline.remaining())

    def _count(self, received: int) -> int:
        if self.budget is not None:
            self.budget -= received
            if self.budget < 0:
                raise HeadersTooLarge(f"headers larger than {HEADER_BYTES // 1024} KiB")
        return received

    def connect(self, address: Any) -> None:
        self._arm()
        super().connect(address)

    def send(self, data: ReadableBuffer, flags: int = 0) -> int:
        self._arm()
        return super().send(data, flags)

    def sendall(self, data: ReadableBuffer, flags: int = 0) -> None:
        self._arm()
        super().sendall(data, flags)

    def recv_into(self, buffer: WriteableBuffer, nbytes: int | None = None, flags: int = 0) -> int:
        self._arm()
        return self._count(super().recv_into(buffer, nbytes or 0, flags))


class WatchedSSLSocket(WatchedSocket, ssl.SSLSocket):
    """The same over TLS (set as the context's ``sslsocket_class``)."""


def tls_context(verify: bool, cafile: str | None) -> ssl.SSLContext:
    """A client TLS context; ``cafile`` (a file or a directory) replaces the system's CAs."""
    if cafile and Path(cafile).is_dir():
        context = ssl.create_default_context(capath=cafile)
    else:
        context = ssl.create_default_context(cafile=cafile or None)
    if not verify:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    context.sslsocket_class = WatchedSSLSocket
    return context


def resolve(host: str, port: int, deadline: Deadline) -> list[_AddrInfo]:
    """``getaddrinfo``, within the deadline (the lookup runs in a thread of its own).

    A lookup that outlives the deadline is left to finish in the background.
    """
    found: list[Any] = []  # the addresses, or the error

    def lookup() -> None:
        try:
            found.append(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
        except Exception as exc:  # handed to the caller, who raises it
            found.append(exc)

    thread = threading.Thread(target=lookup, name="paperdigest-lookup", daemon=True)
    thread.start()
    thread.join(deadline.remaining())
    if not found:
        deadline.remaining()  # raises when the deadline passed
        raise TimeoutError(f"took more than {deadline.seconds:g} s")  # pragma: no cover
    if isinstance(found[0], Exception):
        raise found[0]
    return list(found[0])


def check(host: str, infos: list[_AddrInfo]) -> None:
    """Refuse ``host`` unless every address it resolves to is public."""
    for info in infos:
        text = str(info[4][0])
        address = hosts.parse_address(text)
        kind = "unknown" if address is None else hosts.why_refused(address)
        if kind is not None:
            where = f"{text} is" if host.strip("[]") == text else f"{host} resolves to {text},"
            raise HostRefused(f"{where} {hosts.describe(kind)}")


def open_checked(host: str, port: int, deadline: Deadline, allow_private: bool) -> WatchedSocket:
    """A socket connected to an address of ``host`` that was checked (unless allowed)."""
    infos = resolve(host, port, deadline)
    if not allow_private:
        check(host, infos)
    error: OSError = OSError(f"{host} has no address")
    for family, kind, proto, _, address in infos:
        sock = WatchedSocket(family, kind, proto)
        sock.deadline, sock.budget = deadline, HEADER_BYTES
        try:
            sock.connect(address)
        except TimeoutError:
            sock.close()
            raise
        except OSError as exc:
            sock.close()
            error = exc
        else:
            return sock
    raise error


class PinnedConnection(http.client.HTTPConnection):
    """HTTP(S) to a host, connected only to addresses :func:`check` accepted.

    With a TLS ``context``, it speaks HTTPS: SNI and the certificate check
    name the host, never the address.
    """

    def __init__(
        self,
        host: str,
        port: int,
        *,
        deadline: Deadline,
        allow_private: bool,
        context: ssl.SSLContext | None = None,
    ) -> None:
        super().__init__(host, port)
        self.default_port = 80 if context is None else 443
        self.deadline = deadline
        self.allow_private = allow_private
        self.context = context
        self.watched: WatchedSocket | None = None

    def connect(self) -> None:
        """Resolve, check, connect to a checked address; then TLS, if any."""
        sock = open_checked(self.host, self.port, self.deadline, self.allow_private)
        if self.context is not None:
            try:
                tls = self.context.wrap_socket(
                    sock, server_hostname=self.host, do_handshake_on_connect=False
                )
            except BaseException:
                sock.close()
                raise
            if not isinstance(tls, WatchedSSLSocket):  # pragma: no cover - a programming error
                tls.close()
                raise TypeError("the TLS context must come from tls_context()")
            tls.deadline, tls.budget = self.deadline, HEADER_BYTES
            self.sock = tls  # closed with the connection, even if the handshake fails
            tls.settimeout(self.deadline.remaining())
            tls.do_handshake()  # bounded in all by the timeout it starts with
            sock = tls
        self.sock = self.watched = sock

    def body_phase(self) -> None:
        """The headers are in: the body is bounded by its reader, not the header budget."""
        if self.watched is not None:
            self.watched.budget = None
