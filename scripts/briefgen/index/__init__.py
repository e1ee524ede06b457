"""Stage 4, index: the cross-reference index, the validated context and the navigation."""
