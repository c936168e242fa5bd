"""Shared foundations: the Thai/English text catalogue and Thai text helpers, text made safe for each
destination, settings read from the environment, and the problems collector."""
