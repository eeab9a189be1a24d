"""Static JSON schemas of Keap's REST v1 resources.

As the COZYROC resource list and Keap's REST reference describe them (seed 002). Custom fields
are added at discovery, not here.
"""
