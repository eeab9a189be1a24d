"""The Marketo REST API as both Marketo plugins use it: connection, errors, describe, limits."""
