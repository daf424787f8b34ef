"""Demonstration data: `manage.py ita_demo` (see agencies.build_demo)."""
