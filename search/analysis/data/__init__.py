"""The analysis tables (the closed compounds, see search/analysis/compounds.py)."""
