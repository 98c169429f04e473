"""The sandbox subsidy-status API: the contract of kiosk/api/openapi.yaml served over real
HTTP with synthetic citizens, token auth, optional TLS/mTLS and fault injection.

It is the embedded default of the demo (`resolve_api_config`) and the server of the tests.
"""

from kiosk.sandbox.embedded import embedded_sandbox, resolve_api_config
from kiosk.sandbox.faults import Faults
from kiosk.sandbox.server import SandboxServer, server_tls_context
from kiosk.sandbox.tokens import Credentials

__all__ = [
    "Credentials",
    "Faults",
    "SandboxServer",
    "embedded_sandbox",
    "resolve_api_config",
    "server_tls_context",
]
