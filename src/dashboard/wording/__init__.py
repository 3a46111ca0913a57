"""The pages' sentences and markdown, built from frames and plain values (no Streamlit)."""
