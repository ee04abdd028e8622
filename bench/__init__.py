"""``make bench``: the provincial-scale benchmark (issue 10). A plain package, not a Django app."""
