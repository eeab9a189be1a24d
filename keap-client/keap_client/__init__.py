"""keap-client: the Keap connection, credentials, errors and settings every Keap plugin shares."""
