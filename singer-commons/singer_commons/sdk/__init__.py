"""Pieces that plug `singer_commons` into the Meltano Singer SDK (taps, targets, settings)."""
