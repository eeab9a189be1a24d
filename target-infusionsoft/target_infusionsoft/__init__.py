"""target-infusionsoft: Keap (Infusionsoft) records created, updated, upserted and deleted."""
