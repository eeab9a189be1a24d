"""Marketo's Opportunity API table: the endpoints both plugins call and the limits of a call.

Sources: Adobe's Marketo Engage developer pages on experienceleague.adobe.com ("Opportunities",
"Opportunity Roles", "Lead Database", "Error Codes", "Authentication") and the Japanese
Opportunity API page kept with the project (seed 003).
"""

from __future__ import annotations

# Adobe, "Authentication": client credentials are exchanged for a token here (GET).
IDENTITY_PATH = "/identity/oauth/token"

# Adobe, "Opportunities": one path queries (GET) and syncs (POST); deletes have their own.
OPPORTUNITIES_PATH = "/rest/v1/opportunities.json"
OPPORTUNITIES_DELETE_PATH = "/rest/v1/opportunities/delete.json"
OPPORTUNITIES_DESCRIBE_PATH = "/rest/v1/opportunities/describe.json"
# Adobe, "Opportunities" (Browse): the field metadata, paged by nextPageToken.
OPPORTUNITY_FIELDS_PATH = "/rest/v1/opportunities/schema/fields.json"
# Adobe, "Opportunity Roles": the same calls on the roles object.
ROLES_PATH = "/rest/v1/opportunities/roles.json"
ROLES_DELETE_PATH = "/rest/v1/opportunities/roles/delete.json"
ROLES_DESCRIBE_PATH = "/rest/v1/opportunities/roles/describe.json"

# Marketo: "filterValues" accepts at most 300 values per call (Opportunity API, Query).
MAX_FILTER_VALUES_PER_CALL = 300
# Seed 003 (Query): `batchSize` defaults to 300 and is at most 300 records a page.
MAX_BATCH_SIZE = 300
# Marketo Opportunity API: "You can send up to 300 records at a time" (sync and delete).
MAX_RECORDS_PER_CALL = 300
# Adobe, "Error Codes" (experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/
# error-codes): "Marketo will return 413 if the Request Payload exceeds 1MB". The page gives
# no byte count, so the smaller reading (10**6 bytes, not 2**20) is the limit.
MAX_BODY_BYTES = 1_000_000
