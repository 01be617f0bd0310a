from __future__ import annotations

import socket

import pytest


def test_outside_connection_is_refused() -> None:
    with pytest.raises(RuntimeError, match="network access blocked"):
        socket.create_connection(("93.184.216.34", 80), timeout=1)


def test_dns_lookup_is_refused() -> None:
    with pytest.raises(RuntimeError, match="network access blocked"):
        socket.getaddrinfo("example.com", 80)


def test_loopback_is_allowed() -> None:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    client = socket.create_connection(server.getsockname(), timeout=1)
    client.close()
    server.close()
