"""Adapters at the edge: files and formats in and out. The domain core never imports from here."""
