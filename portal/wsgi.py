import os

from django.core.wsgi import get_wsgi_application

from portal.logfilters import redact_server_logs

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
# Files the server writes (the SQLite database and its journal, the cache, mail) are
# private to its user, as with manage.py; public uploads get FILE_UPLOAD_PERMISSIONS.
os.umask(0o077)
application = get_wsgi_application()
# gunicorn's error and access logs mask status links and contact details like ours.
redact_server_logs()
