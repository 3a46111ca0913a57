"""The board pack: programme health as a PDF and an XLSX, for the app and the CLI."""
