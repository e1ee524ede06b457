"""Stage 2, model: the typed schema of every content file."""
