"""The headless flow's fixtures (a sandbox API on loopback, controllers with a fake view)."""

from tests.flow.conftest import make_flow, sandbox

__all__ = ["make_flow", "sandbox"]
