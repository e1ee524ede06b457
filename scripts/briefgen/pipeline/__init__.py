"""Stage 9, pipeline: the runs behind each command (build, check, release, pdf, bib, new)."""
