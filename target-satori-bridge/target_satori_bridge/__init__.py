"""target-satori-bridge: SATORI customer upserts that obey the data-integration option's rules."""
