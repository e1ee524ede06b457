"""Stage 3, cite: citation syntax, CSL formatting, page records, exports and head tags."""
