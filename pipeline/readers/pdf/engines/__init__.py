"""PDF engines: each reads a PDF's pages into PageContent (pipeline/readers/pdf/content.py)."""
