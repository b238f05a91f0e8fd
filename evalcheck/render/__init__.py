"""Renderers: the same Report as terminal text, JSON or HTML."""
