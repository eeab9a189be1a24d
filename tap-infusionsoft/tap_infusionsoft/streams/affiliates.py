"""Affiliate streams.

Affiliates with their clawbacks and payments, commissions, programs, redirect links and
summaries.
"""

from __future__ import annotations

import typing as t

from tap_infusionsoft.schemas import affiliates as schemas
from tap_infusionsoft.streams.base import ChildStream, KeapStream


class AffiliatesStream(KeapStream):
    """Affiliates (full table: Keap has no time filter here)."""

    name = "affiliates"
    path = "/affiliates"
    records_key = "affiliates"
    primary_keys = ("id",)
    static_schema = schemas.AFFILIATES
    child_context_fields: t.ClassVar[dict[str, str]] = {"affiliate_id": "id"}


class AffiliateClawbacksStream(ChildStream):
    """Each affiliate's clawbacks, incremental on date_earned (bookmark per affiliate)."""

    name = "affiliate_clawbacks"
    path = "/affiliates/{affiliate_id}/clawbacks"
    parent_stream_type = AffiliatesStream
    records_key = "clawbacks"
    since_param = "since"
    until_param = "until"
    replication_key = "date_earned"
    primary_keys = ()
    static_schema = schemas.AFFILIATE_CLAWBACKS


class AffiliatePaymentsStream(ChildStream):
    """Each affiliate's payments, incremental on date (bookmark per affiliate)."""

    name = "affiliate_payments"
    path = "/affiliates/{affiliate_id}/payments"
    parent_stream_type = AffiliatesStream
    records_key = "payments"
    since_param = "since"
    until_param = "until"
    replication_key = "date"
    primary_keys = ("affiliate_id", "id")
    static_schema = schemas.AFFILIATE_PAYMENTS


class AffiliateCommissionsStream(KeapStream):
    """Commissions of all affiliates, incremental on date_earned."""

    name = "affiliate_commissions"
    path = "/affiliates/commissions"
    records_key = "commissions"
    since_param = "since"
    until_param = "until"
    replication_key = "date_earned"
    primary_keys = ()
    static_schema = schemas.AFFILIATE_COMMISSIONS


class AffiliateProgramsStream(KeapStream):
    """Commission programs."""

    name = "affiliate_programs"
    path = "/affiliates/programs"
    records_key = "programs"
    primary_keys = ("id",)
    static_schema = schemas.AFFILIATE_PROGRAMS


class AffiliateRedirectLinksStream(KeapStream):
    """Affiliate redirect links."""

    name = "affiliate_redirect_links"
    path = "/affiliates/redirectlinks"
    records_key = "redirects"
    primary_keys = ("id",)
    static_schema = schemas.AFFILIATE_REDIRECT_LINKS


class AffiliateSummariesStream(KeapStream):
    """Earnings, balance and clawbacks per affiliate."""

    name = "affiliate_summaries"
    path = "/affiliates/summaries"
    records_key = "summaries"
    paginated = False  # Keap returns every summary at once (no limit/offset here)
    primary_keys = ("affiliate_id",)
    static_schema = schemas.AFFILIATE_SUMMARIES
