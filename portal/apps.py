from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class PortalAdminConfig(admin_apps.AdminConfig):
    """Django's admin on the portal's own site (portal.admin_site.PortalAdminSite)."""

    # Not the configuration of the `portal` app itself: that is PortalConfig.
    default = False
    default_site = "portal.admin_site.PortalAdminSite"


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Zone directory")

    def ready(self):
        from django.conf import settings
        from django.db.models.signals import post_delete, post_migrate, post_save
        from PIL import Image

        from portal.roles import sync_role_permissions

        # Runs after each app migrates, so permissions of apps migrated later are picked up.
        post_migrate.connect(sync_role_permissions, dispatch_uid="portal-sync-roles")

        from portal.pages import connect_signals

        connect_signals()

        from portal.models import site_settings_deleted, site_settings_saved

        post_save.connect(site_settings_saved, sender="portal.SiteSettings")
        post_delete.connect(site_settings_deleted, sender="portal.SiteSettings")

        from portal.search import register_directory_kinds

        register_directory_kinds()

        # A decompression bomb is refused by every Pillow call in the process.
        Image.MAX_IMAGE_PIXELS = settings.MAX_IMAGE_PIXELS
