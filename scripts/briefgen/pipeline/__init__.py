"""Stage 9, pipeline: the runs behind `build`, `check`, `release` and `new`."""
