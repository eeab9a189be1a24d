"""Keap REST v1 streams, one module per family of resources; their base class in `base`."""
