"""HTML templates of the explorer page."""
