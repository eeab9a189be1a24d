"""`vendor-sandbox serve`: every emulator on one port, until SIGINT or SIGTERM.

Prints one line per vendor (`marketo http://127.0.0.1:PORT/marketo`,
`keap http://127.0.0.1:PORT/keap`, `haihai http://127.0.0.1:PORT/haihai`,
`satori http://127.0.0.1:PORT/satori`), then the SMTP
sink's `smtp smtp://127.0.0.1:SMTP_PORT` (its own port), and last
`control http://127.0.0.1:PORT/_sandbox`, so scripts can read the URLs from stdout.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import typing as t

from vendor_sandbox.haihai import HaihaiSettings
from vendor_sandbox.haihai.settings import DEFAULT_API_TOKEN, PLAN_QUOTAS
from vendor_sandbox.mail import DEFAULT_PASSWORD, DEFAULT_USERNAME, MailSettings, MailVendor
from vendor_sandbox.mail.settings import SECURITY_MODES
from vendor_sandbox.marketo import MarketoSettings
from vendor_sandbox.marketo.settings import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET
from vendor_sandbox.satori import SatoriSettings
from vendor_sandbox.satori.settings import (
    DEFAULT_COMPANY_KEY,
    DEFAULT_COMPANY_SECRET,
    DEFAULT_USER_KEY,
    DEFAULT_USER_SECRET,
)
from vendor_sandbox.server import SandboxServer
from vendor_sandbox.vendors import all_vendors

if t.TYPE_CHECKING:
    from collections.abc import Sequence
    from types import FrameType


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="vendor-sandbox", description="Local emulators of vendor APIs."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve every emulator on one port")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=0, help="port to bind; 0 picks a free one")
    serve.add_argument("--marketo-client-id", default=DEFAULT_CLIENT_ID)
    serve.add_argument("--marketo-client-secret", default=DEFAULT_CLIENT_SECRET)
    serve.add_argument(
        "--seed-opportunities",
        type=int,
        default=0,
        metavar="N",
        help="Marketo opportunities seeded at start and after each reset (for demos)",
    )
    serve.add_argument(
        "--seed-keap-contacts",
        type=int,
        default=None,
        metavar="N",
        help="Keap contacts seeded at start and after each reset (default 25)",
    )
    serve.add_argument("--haihai-api-token", default=DEFAULT_API_TOKEN)
    serve.add_argument(
        "--haihai-plan",
        choices=sorted(PLAN_QUOTAS),
        default=HaihaiSettings().plan,
        help="配配メール plan (default bridge: every API, 240 calls per API a day)",
    )
    serve.add_argument("--satori-user-key", default=DEFAULT_USER_KEY)
    serve.add_argument("--satori-user-secret", default=DEFAULT_USER_SECRET)
    serve.add_argument("--satori-company-key", default=DEFAULT_COMPANY_KEY)
    serve.add_argument("--satori-company-secret", default=DEFAULT_COMPANY_SECRET)
    serve.add_argument(
        "--smtp-port", type=int, default=0, help="SMTP sink port (default 0: a free one)"
    )
    serve.add_argument(
        "--smtp-user",
        default=DEFAULT_USERNAME,
        help=f"AUTH user the SMTP sink accepts (default {DEFAULT_USERNAME}; '' turns AUTH off)",
    )
    serve.add_argument("--smtp-password", default=DEFAULT_PASSWORD)
    serve.add_argument(
        "--smtp-security",
        choices=SECURITY_MODES,
        default="none",
        help="none, starttls (AUTH only after it) or ssl (implicit TLS); default none",
    )
    return parser


def serve(args: argparse.Namespace) -> int:
    """Bind, print the URLs, serve until SIGINT/SIGTERM; exit code 0."""
    settings = MarketoSettings(
        client_id=args.marketo_client_id, client_secret=args.marketo_client_secret
    )
    server = SandboxServer(
        all_vendors(
            marketo=settings,
            marketo_opportunities=args.seed_opportunities,
            keap_contacts=args.seed_keap_contacts,
            haihai=HaihaiSettings(api_token=args.haihai_api_token, plan=args.haihai_plan),
            satori=SatoriSettings(
                user_key=args.satori_user_key,
                user_secret=args.satori_user_secret,
                company_key=args.satori_company_key,
                company_secret=args.satori_company_secret,
            ),
            mail=MailSettings(
                host=args.host,
                port=args.smtp_port,
                username=args.smtp_user or None,
                password=args.smtp_password if args.smtp_user else None,
                security=args.smtp_security,
            ),
        ),
        host=args.host,
        port=args.port,
    )
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        del signum, frame
        stop.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    server.start()
    sinks = [vendor.sink for vendor in server.vendors.values() if isinstance(vendor, MailVendor)]
    for name, vendor in server.vendors.items():
        if not isinstance(vendor, MailVendor):  # it has no HTTP API, only control endpoints
            print(f"{name} {server.vendor_url(name)}")
    for sink in sinks:
        print(f"smtp {sink.url}")
    print(f"control {server.control_url}", flush=True)
    while not stop.wait(0.5):  # a timed wait lets the signal handler run promptly
        pass
    server.stop()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `vendor-sandbox` command."""
    return serve(_parser().parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
