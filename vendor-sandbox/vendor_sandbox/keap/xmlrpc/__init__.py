"""Emulator of Keap's (Infusionsoft's) legacy XML-RPC API, `POST /crm/xmlrpc/v1`.

It shares the REST emulator's gate (HTTP faults, auth, throttle, daily quota) and adds what
only XML-RPC has: the `DataService` tables queried with `queryData`, saved-search reports,
affiliate reports and the small by-id services, with Keap's `[Name]message` faults.
"""

from vendor_sandbox.keap.xmlrpc.account import XmlRpcAccount

__all__ = ["XmlRpcAccount"]
