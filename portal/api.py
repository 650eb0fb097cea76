"""Read API for the directory. `routes` is registered by portal/urls.py."""

routes = []
