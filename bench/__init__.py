"""`make bench`: figures for the performance budgets in docs/architecture.md (never asserted, only printed)."""
