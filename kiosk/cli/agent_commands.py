"""`onecard agent` (the card agent for the agency's web applications, docs/agent.md), its
`approve`, `pending` and `cert` helpers, and `onecard card-status`."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import ssl
from pathlib import Path
from typing import Any

from cardreader.text import Bilingual
from kiosk.agent import admin
from kiosk.agent.cert import make_certificates
from kiosk.agent.service import AgentService
from kiosk.cli import card_status_commands
from kiosk.config import AgentConfig, load_config
from kiosk.errors import UserFacingError

DEFAULT_CERT_FOLDER = Path("~/.config/onecard/agent").expanduser()

NOT_RUNNING = UserFacingError(
    Bilingual("โปรแกรมเชื่อมต่อบัตร (onecard agent) ไม่ได้ทำงานอยู่", "The card agent is not running."),
    Bilingual(
        "เริ่มด้วย systemctl --user start onecard-agent",
        "Start it: systemctl --user start onecard-agent",
    ),
)
NO_ORIGINS = UserFacingError(
    Bilingual("ยังไม่ได้กำหนดเว็บที่อนุญาต", "No web origin is allowed to use the card agent."),
    Bilingual(
        "ตั้งค่า [agent] allowed_origins ในไฟล์ตั้งค่า (ดู docs/agent.md)",
        "Set [agent] allowed_origins in the config file (see docs/agent.md).",
    ),
    reference="agent.allowed_origins",
)


def register(subparsers: Any) -> None:
    card_status_commands.register(subparsers)
    agent = subparsers.add_parser("agent", help="the card agent for the agency's web systems")
    agent.add_argument("--config", type=Path, metavar="FILE", help="config file (TOML)")
    agent.add_argument("--socket", type=Path, metavar="PATH", help="the officer's admin socket")
    agent.set_defaults(handler=agent_command)
    actions = agent.add_subparsers(dest="agent_action", metavar="ACTION")
    approve = actions.add_parser("approve", help="approve a web page's pairing code")
    approve.add_argument("code", help="the code the page shows")
    approve.add_argument("--socket", type=Path, metavar="PATH", help="the agent's admin socket")
    approve.set_defaults(handler=approve_command)
    pending = actions.add_parser("pending", help="list pairings waiting for approval")
    pending.add_argument("--socket", type=Path, metavar="PATH", help="the agent's admin socket")
    pending.set_defaults(handler=pending_command)
    cert = actions.add_parser("cert", help="make a locally trusted certificate for HTTPS")
    cert.add_argument("--out", type=Path, default=DEFAULT_CERT_FOLDER, metavar="DIR")
    cert.add_argument("--name", action="append", default=[], metavar="HOST",
                      help="another host name for the agent (repeatable)")  # fmt: skip
    cert.set_defaults(handler=cert_command)


def agent_command(args: argparse.Namespace) -> int:
    config = load_config(args.config).agent
    if not config.allowed_origins:
        raise NO_ORIGINS
    logging.getLogger("kiosk.agent").setLevel(logging.INFO)  # reads are logged, masked
    asyncio.run(_serve(config, args.socket or admin.default_socket()))
    return 0


def server_ssl_context(config: AgentConfig) -> ssl.SSLContext | None:
    if config.tls_cert is None or config.tls_key is None:
        return None
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(config.tls_cert, config.tls_key)
    return context


async def _serve(config: AgentConfig, socket: Path) -> None:
    service = AgentService(config, admin_socket=socket, ssl_context=server_ssl_context(config))
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    await service.start()
    print(f"OneCard card agent: {service.url}  (Ctrl+C to stop)", flush=True)
    try:
        await stop.wait()
    finally:
        await service.stop()


def approve_command(args: argparse.Namespace) -> int:
    try:
        origin = admin.approve(args.code, args.socket)
    except admin.AgentNotRunning:
        raise NOT_RUNNING from None
    if origin is None:
        raise UserFacingError(
            Bilingual("ไม่มีคำขอจับคู่ที่ใช้รหัสนี้", "No pairing waits with this code."),
            Bilingual(
                "ให้หน้าเว็บขอจับคู่ใหม่ แล้วพิมพ์รหัสที่แสดง",
                "Ask the page to pair again and type the code it shows.",
            ),
        )
    print(Bilingual(f"อนุญาตเว็บ {origin} แล้ว", f"Approved {origin}.").both())
    return 0


def pending_command(args: argparse.Namespace) -> int:
    try:
        waiting = admin.pending(args.socket)
    except admin.AgentNotRunning:
        raise NOT_RUNNING from None
    if not waiting:
        print("ไม่มีคำขอจับคู่ / no pairing waits")
    for item in waiting:
        print(f"{item.get('code', '')}  {item.get('origin', '')}")
    return 0


def cert_command(args: argparse.Namespace) -> int:
    files = make_certificates(args.out, tuple(args.name))
    print(f"CA certificate (install in the trust store): {files.ca_cert}")
    print("[agent]")
    print(f'tls_cert = "{files.server_cert}"')
    print(f'tls_key = "{files.server_key}"')
    return 0
