"""`onecard agent`: a local service that lets the agency's own web applications use the ID card
(docs/agent.md). Built on aiohttp; never imports Kivy.

Security invariants:
- It listens on 127.0.0.1 only, and answers only to Host 127.0.0.1/localhost (or the
  configured `host_names`) with the agent's port: a DNS-rebinding page is refused.
- Every request must carry an Origin from `[agent] allowed_origins`, compared exactly (CORS
  and the WebSocket handshake alike); nothing is answered to any other origin.
- Card data (events, reads, the photo) only to a paired page: an allowed origin whose pairing
  code an officer approved (`onecard agent approve CODE`, over a user-only Unix socket that
  no web page can reach), holding a short-lived token bound to that origin.
- Every read is logged with the origin and the masked citizen ID; nothing else personal.
"""

from kiosk.agent.pairing import PairingBook
from kiosk.agent.service import AgentService

__all__ = ["AgentService", "PairingBook"]
