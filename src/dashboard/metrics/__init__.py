"""Pure metric functions, one definition per metric; each is described in docs/METRICS.md."""
