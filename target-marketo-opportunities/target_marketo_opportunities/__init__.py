"""Singer target that upserts and deletes Marketo opportunities and opportunity roles."""
