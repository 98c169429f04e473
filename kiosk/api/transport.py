"""The bottom layer: one pooled `requests.Session` (keep-alive), TLS always verified, and
network failures turned into a `NetworkFailure` the requestor can reason about."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
import urllib3

from kiosk.api.deadline import DeadlineAdapter, exchange_deadline


@dataclass(frozen=True)
class HttpResponse:
    status: int
    headers: Mapping[str, str]  # case-insensitive
    body: bytes


class NetworkFailure(Exception):
    """No HTTP answer. `kind`: tls (never retried), connect, timeout or broken (mid-answer)."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind


@dataclass(frozen=True)
class TlsSettings:
    ca_bundle: Path | None = None
    client_cert: Path | None = None
    client_key: Path | None = None


MAX_BODY_BYTES = 1 << 20  # no answer of this API comes near a megabyte
CHUNK_BYTES = 16 << 10


class HttpTransport:
    """Sends one request and reads the whole answer; never retries, never follows redirects.

    `within` bounds the whole exchange by the clock, not only each socket read: connect, TLS
    handshake, status line, headers and body each wait at most for the time left, so a server
    that drips its headers or its body is cut off when the time is up.
    """

    def __init__(self, tls: TlsSettings, *, pool_size: int = 8) -> None:
        session = requests.Session()
        session.trust_env = False  # no proxy, netrc or CA-bundle surprises from the environment
        adapter = DeadlineAdapter(pool_connections=1, pool_maxsize=pool_size, max_retries=0)
        session.mount("https://", adapter)
        session.mount("http://", adapter)
        session.verify = str(tls.ca_bundle) if tls.ca_bundle else True
        if tls.client_cert is not None and tls.client_key is not None:
            session.cert = (str(tls.client_cert), str(tls.client_key))
        self._session = session

    def send(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str],
        timeout: tuple[float, float],
        within: float,
        data: Mapping[str, str] | None = None,
        json_body: Mapping[str, Any] | None = None,
        auth: tuple[str, str] | None = None,
    ) -> HttpResponse:
        deadline = time.monotonic() + within
        try:
            with exchange_deadline(deadline):
                response = self._session.request(
                    method,
                    url,
                    headers=dict(headers),
                    data=data,
                    json=json_body,
                    auth=auth,
                    timeout=timeout,
                    allow_redirects=False,
                    stream=True,
                )
                with response:
                    body = _read_body(response, deadline)
        except requests.exceptions.SSLError as error:
            raise NetworkFailure("tls", _reason(error)) from None
        except requests.exceptions.ConnectTimeout as error:
            raise NetworkFailure("connect", _reason(error)) from None
        except requests.exceptions.Timeout as error:
            raise NetworkFailure("timeout", _reason(error)) from None
        except requests.exceptions.ConnectionError as error:
            raise NetworkFailure("connect", _reason(error)) from None
        except requests.exceptions.RequestException as error:
            raise NetworkFailure("broken", _reason(error)) from None
        return HttpResponse(response.status_code, response.headers, body)

    def close(self) -> None:
        self._session.close()


def _read_body(response: requests.Response, deadline: float) -> bytes:
    """Read what has arrived, as it arrives (read1), and check the clock after each piece."""
    body = bytearray()
    try:
        while chunk := response.raw.read1(CHUNK_BYTES, decode_content=True):
            body += chunk
            if len(body) > MAX_BODY_BYTES:
                raise NetworkFailure("broken", f"answer larger than {MAX_BODY_BYTES} bytes")
            if time.monotonic() > deadline:
                raise NetworkFailure("timeout", "the answer did not arrive within the time budget")
    except urllib3.exceptions.ReadTimeoutError as error:  # raw reads raise urllib3's own errors
        raise NetworkFailure("timeout", _reason(error)) from None
    except urllib3.exceptions.HTTPError as error:
        raise NetworkFailure("broken", _reason(error)) from None
    return bytes(body)


def _reason(error: Exception) -> str:
    """The innermost cause's type and text: enough to diagnose, short enough for one log line."""
    cause: BaseException = error
    while cause.__context__ is not None and len(str(cause.__context__)) > 0:
        cause = cause.__context__
    return f"{type(cause).__name__}: {cause}"[:300]
