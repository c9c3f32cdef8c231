"""Which hosts name this machine or a private network, however they are spelled."""

from __future__ import annotations

import socket
from ipaddress import IPv4Address, ip_address

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sphinx_paperdigest.core.hosts import host_address, private_host, url_host, why_refused

REFUSED = {
    "0.0.0.0": "unspecified",
    "0.1.2.3": "unspecified",
    "10.1.2.3": "private",
    "100.64.0.1": "shared (carrier-grade NAT)",
    "127.0.0.1": "loopback",
    "127.255.255.254": "loopback",
    "169.254.169.254": "link-local",
    "172.16.0.1": "private",
    "172.31.255.255": "private",
    "192.0.0.8": "reserved",
    "192.0.2.1": "documentation",
    "192.168.1.1": "private",
    "198.18.0.1": "benchmarking",
    "224.0.0.1": "multicast",
    "239.255.255.250": "multicast",
    "240.0.0.1": "reserved",
    "255.255.255.255": "reserved",
    "::": "unspecified",
    "::1": "loopback",
    "::ffff:127.0.0.1": "loopback",  # IPv4-mapped
    "::ffff:169.254.169.254": "link-local",
    "::127.0.0.1": "loopback",  # IPv4-compatible
    "::10.0.0.1": "private",
    "64:ff9b::a00:1": "private",  # NAT64 of 10.0.0.1
    "2002:7f00:1::": "loopback",  # 6to4 of 127.0.0.1
    "2002:c0a8:101::1": "private",  # 6to4 of 192.168.1.1
    "fe80::1": "link-local",
    "fec0::1": "private",
    "fc00::1": "private",
    "fd12:3456::1": "private",
    "ff02::1": "multicast",
    "2001::1": "reserved",  # Teredo
    "2001:db8::1": "documentation",
    "100::1": "reserved",
    "::ffff:0:7f00:1": "reserved",  # IPv4-translated: outside global unicast
}
PUBLIC = [
    "8.8.8.8",
    "1.1.1.1",
    "100.63.255.255",
    "100.128.0.0",
    "172.32.0.1",
    "223.255.255.255",
    "2606:4700:4700::1111",
    "2a00:1450:4007::200e",
    "::ffff:8.8.8.8",
    "64:ff9b::808:808",
    "2002:808:808::1",
]


@pytest.mark.parametrize(("address", "kind"), REFUSED.items())
def test_refused_addresses(address, kind):
    assert why_refused(ip_address(address)) == kind


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses(address):
    assert why_refused(ip_address(address)) is None


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("http://Example.COM./x", "example.com"),
        ("https://user:pw@10.0.0.1:8443/x", "10.0.0.1"),
        ("//10.0.0.1/x.png", "10.0.0.1"),
        ("http://[::1]:8000/x", "[::1]"),
        ("http://%31%32%37.0.0.1/", "127.0.0.1"),
        ("http://１２７．０．０．１/", "127.0.0.1"),  # full-width, as IDNA maps it
        ("http://127.0.0.1\\@example.com/", "127.0.0.1"),  # a backslash ends the host
        ("http://exa\tmple.com/", "example.com"),
        ("docs/x.png", ""),
    ],
)
def test_url_host_reads_as_a_browser(url, host):
    assert url_host(url) == host


@pytest.mark.parametrize(
    "host",
    ["127.0.0.1", "2130706433", "0x7f000001", "0X7F.0.0.1", "0177.0.0.1", "127.1", "0x7f.1"],
)
def test_ipv4_spellings(host):
    assert host_address(host) == IPv4Address("127.0.0.1")


@pytest.mark.parametrize(
    "host", ["example.com", "1.2.3.4.5", "256.0.0.1", "4294967296", "08.0.0.1", "1..2", "0x1g"]
)
def test_not_ipv4(host):
    assert host_address(host) is None


@given(st.integers(0, 2**32 - 1), st.sampled_from(["dec", "hex", "oct", "two", "three"]))
def test_ipv4_spellings_agree_with_inet_aton(value, form):
    # the resolver (glibc's inet_aton) reads the same spellings the same way
    a, b, c, d = IPv4Address(value).packed
    host = {
        "dec": str(value),
        "hex": hex(value),
        "oct": "0" + format(value, "o"),
        "two": f"{a}.{value & 0xFFFFFF}",
        "three": f"{a}.{b}.{(c << 8) | d}",
    }[form]
    assert host_address(host) == IPv4Address(socket.inet_aton(host))


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost/x.png",
        "http://LOCALHOST.:8080/x.png",
        "http://cam.localhost/x.png",
        "http://127.0.0.1/x.png",
        "http://2130706433/x.png",
        "http://0x7f.1/x.png",
        "http://0177.0.0.1/x.png",
        "http://[::1]/x.png",
        "http://[::ffff:7f00:1]/x.png",
        "http://[fe80::1%25eth0]/x.png",
        "https://169.254.169.254/latest/meta-data",
        "//192.168.0.10/x.png",
        "http://0/x.png",
    ],
)
def test_private_hosts(url):
    assert private_host(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/x.png",
        "https://8.8.8.8/x.png",
        "https://[2606:4700:4700::1111]/x.png",
        "https://localhost.example.org/x.png",  # a real name, not localhost
        "https://notlocalhost/x.png",
        "x.png",
    ],
)
def test_public_or_unknown_hosts(url):
    assert private_host(url) is None


def test_messages_say_what_the_spelling_means():
    assert private_host("http://2130706433/") == "2130706433 (127.0.0.1) is a loopback address"
    assert private_host("http://169.254.169.254/") == "169.254.169.254 is a link-local address"
    assert private_host("http://0/") == "0 (0.0.0.0) is an unspecified address"
    assert private_host("http://localhost/") == "localhost names this machine"
