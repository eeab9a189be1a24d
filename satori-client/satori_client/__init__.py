"""satori-client: the SATORI public API v4 connection, errors, API table and settings."""
