"""SATORI's public API v4 table: the endpoints the plugins call and the limits of a call.

Sources (target-satori-bridge's README, "Vendor contract", gives each shape its own): SATORI's
help centre, https://satorihelp.zendesk.com/hc/ja/articles/<id> with id 41197045806233 (SATORI
APIについて), 360000473393 (APIバージョン4の利用方法) and 360000796993 (カスタマーバルクAPI
バージョン4); the public callers of the single API in Ippei-f/toshinjyuken.co.jp
(src/hiraya/temp_php/form/satori.php); a public Apps Script client of the bulk API.
"""

from __future__ import annotations

# PHP callers; help centre 360000473393. Paths below are relative to it.
DEFAULT_BASE_URL = "https://api.satr.jp/api/v4/public"
# PHP callers (upsert); help centre 41197045806233 (delete).
SINGLE_UPSERT = "customer/upsert.json"
SINGLE_DELETE = "customer/delete.json"
# Help centre 360000796993 (upsert.json, status.json); the Apps Script client (file part).
BULK_UPSERT = "bulk_customers/upsert.json"
BULK_STATUS = "bulk_customers/status.json"
CSV_FILE_FIELD = "customer_csv_file"
MAX_ROWS_PER_BULK = 10_000  # SATORI's bulk API documentation: up to 10,000 rows a request
