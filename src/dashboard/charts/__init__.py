"""Altair chart specifications, one module per subject; pure functions of DataFrames."""
