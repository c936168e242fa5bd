"""Figures and styled views returned as values: charts, the scorecard, presentation steps."""
