"""Stage 5, check: the validation phases and their rules; every problem at once, nothing written."""
