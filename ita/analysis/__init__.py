"""What the scores mean: peers, strengths, gaps and what-if; the agency view, its sentences, the overview."""
