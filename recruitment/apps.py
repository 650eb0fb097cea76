from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecruitmentConfig(AppConfig):
    name = "recruitment"
    verbose_name = _("Recruitment")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .live import campaign_saved
        from .search import register_kinds
        from .services.consent import forget_intake_campaigns

        # A change of the job on stage (or the schedule) reaches live.json at once.
        post_save.connect(campaign_saved, sender="recruitment.Campaign")
        # The intake's copy of a campaign and its notice in this process (`local` cache).
        for model in ("recruitment.Campaign", "recruitment.ConsentNotice"):
            post_save.connect(forget_intake_campaigns, sender=model)
            post_delete.connect(forget_intake_campaigns, sender=model)
        # Jobs and campaigns in the site search.
        register_kinds()
