"""Stage 6, render: the validated context as pages, page parts and tooltips (pure: data out)."""
