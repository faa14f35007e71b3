"""pnm's version (its own module, so that pnm.nmodl reads it without importing pnm)."""

__version__ = "0.1.0"
