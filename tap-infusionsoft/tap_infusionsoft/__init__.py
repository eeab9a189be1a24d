"""tap-infusionsoft: Keap (Infusionsoft) REST v1 resources as Singer streams."""
