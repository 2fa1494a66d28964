"""Rendering for people and printers: PDFs with WeasyPrint, charts as SVG geometry."""
