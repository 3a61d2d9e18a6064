"""`make bench`: figures for the performance budgets in DESIGN.md (never asserted, only printed)."""
