from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecruitmentConfig(AppConfig):
    name = "recruitment"
    verbose_name = _("Recruitment")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .livestream import campaign_saved
        from .services import forget_intake_campaigns

        # A change of the job on stage (or the schedule) reaches live.json at once.
        post_save.connect(campaign_saved, sender="recruitment.Campaign")
        # The intake's per-process copy of a campaign and its notice.
        for model in ("recruitment.Campaign", "recruitment.ConsentNotice"):
            post_save.connect(forget_intake_campaigns, sender=model)
            post_delete.connect(forget_intake_campaigns, sender=model)
