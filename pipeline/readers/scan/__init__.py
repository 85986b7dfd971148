"""Scans: pages without a text layer read by OCR (Tesseract), their images straightened and their
rulings, shaded cells and drawn marks found, each word handed to the page reader as characters."""
