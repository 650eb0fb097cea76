"""Load and burst benchmarks. Not a Django app: never in INSTALLED_APPS."""
