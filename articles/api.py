"""Read API for news. `routes` is registered by portal/urls.py."""

routes = []
