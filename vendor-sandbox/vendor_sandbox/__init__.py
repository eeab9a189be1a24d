"""Local HTTP emulators of vendor APIs, so every plugin is tested with no account and no network.

Start them with `vendor-sandbox serve` or the pytest fixtures `sandbox` / `marketo`; drive
them with `SandboxClient`.
"""

from vendor_sandbox.client import SandboxClient
from vendor_sandbox.server import SandboxServer

__version__ = "0.1.0"
__all__ = ["SandboxClient", "SandboxServer", "__version__"]
