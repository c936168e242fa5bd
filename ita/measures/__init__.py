"""Measures and their follow-up: the model and its rules, the store, grids, xlsx, library, overview, charts."""
