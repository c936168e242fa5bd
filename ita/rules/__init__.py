"""The ITA rules as data: frameworks by fiscal year, and scoring and grading by them."""
