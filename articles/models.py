"""News articles (see the articles issue)."""
