from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("News")

    def ready(self):
        from . import signals  # noqa: F401 - connects the receivers
        from .search import register_article_kind

        register_article_kind()
