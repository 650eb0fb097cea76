"""Read API for jobs, campaigns and talent programmes. `routes` is registered by portal/urls.py."""

routes = []
