"""The morning's logic over the store: the question marks, suggestions, queries, insights, quick add."""
