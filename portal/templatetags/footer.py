from django import template

from portal.models import SiteSettings

register = template.Library()


@register.simple_tag(takes_context=True)
def site_settings(context):
    """The footer's settings (from the cache; see `SiteSettings.current`). A page rendered
    for a failing database (the 500 page) sets `without_database` and asks nothing of it."""
    return SiteSettings.current(database=not context.get("without_database"))
