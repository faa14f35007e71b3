"""Inert stand-in for a display library (see tests/corpus/stubs/README.md)."""

from _inert import module_getattr as __getattr__  # noqa: F401
