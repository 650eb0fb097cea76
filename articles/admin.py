"""The newsroom: editors write, schedule, preview, publish and restore here."""

from django.contrib import admin, messages
from django.db import models
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from portal.translated import MissingTranslationFilter

from .models import Article, ArticleImage, Revision, Section, Tag
from .revisions import record_revision, restore_revision
from .views import preview_url


@admin.register(Section)
class SectionAdmin(TranslationAdmin):
    list_display = ["name_en", "name_zh_hans", "slug", "position", "article_count"]
    list_editable = ["position"]
    list_filter = [MissingTranslationFilter]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name_en", "name_zh_hans"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(description=_("articles"), ordering="article_count")
    def article_count(self, obj):
        return obj.article_count


@admin.register(Tag)
class TagAdmin(TranslationAdmin):
    list_display = ["name_en", "name_zh_hans", "slug"]
    list_filter = [MissingTranslationFilter]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name_en", "name_zh_hans"]


class ArticleImageInline(admin.StackedInline):
    model = ArticleImage
    extra = 0
    fields = ["key", "image", "alt", "caption", "credit"]


class RevisionInline(admin.TabularInline):
    model = Revision
    extra = 0
    can_delete = False
    fields = ["created_at", "user", "changed_fields", "comment", "restore_link"]
    readonly_fields = fields
    ordering = ["-created_at", "-id"]
    verbose_name_plural = _("revision history")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("restore"))
    def restore_link(self, obj):
        url = reverse("admin:articles_article_restore", args=[obj.article_id, obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Restore this version…"))


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "section",
        "language",
        "status",
        "publish_at",
        "views_count",
        "updated_at",
    ]
    list_filter = ["status", "section", "language", "tags", "publish_at"]
    list_select_related = ["section"]
    search_fields = ["title", "slug", "standfirst", "author", "source"]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["tags", "translation_of"]
    filter_horizontal = ["parks", "organizations", "talent_programmes"]
    readonly_fields = ["preview_links", "views_count", "created_at", "updated_at"]
    inlines = [ArticleImageInline, RevisionInline]
    actions = ["publish_now", "unpublish"]
    save_on_top = True
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["title", "slug", "standfirst", "body_markdown"]}),
        (
            _("Publication"),
            {"fields": ["status", "publish_at", "section", "tags", "language", "translation_of"]},
        ),
        (
            _("Hero image"),
            {
                "fields": [
                    "hero_image",
                    "hero_image_alt",
                    "hero_image_caption",
                    "hero_image_credit",
                ]
            },
        ),
        (_("Byline"), {"fields": ["author", "source", "source_url"]}),
        (_("In this story"), {"fields": ["parks", "organizations", "talent_programmes"]}),
        (
            _("Preview and statistics"),
            {"fields": ["preview_links", "views_count", "created_at", "updated_at"]},
        ),
    ]

    def view_on_site(self, obj):
        return (
            obj.get_absolute_url()
            if obj.is_public
            else reverse("articles:article-preview", args=[obj.pk])
        )

    @admin.display(description=_("preview"))
    def preview_links(self, obj):
        if not obj.pk:
            return _("Save the article first.")
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a><br>'
            '{}: <input type="text" readonly size="80" value="{}{}"><br>'
            '<span class="help">{}</span>',
            reverse("articles:article-preview", args=[obj.pk]),
            _("Preview as readers will see it"),
            _("Link for a reviewer without an account"),
            self._site_url(),
            preview_url(obj),
            _("The link works for 7 days and is never indexed by search engines."),
        )

    def _site_url(self):
        from django.conf import settings

        return settings.SITE_URL

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        changed = list(form.changed_data) + [
            f"{formset.model._meta.model_name}s"
            for formset in formsets
            if formset.has_changed() and formset.model is not Revision
        ]
        if changed or not change:
            record_revision(
                form.instance,
                user=request.user,
                changed_fields=changed,
                comment="" if change else "Created",
            )

    @admin.action(description=_("Publish the selected articles now"), permissions=["change"])
    def publish_now(self, request, queryset):
        count = 0
        for article in queryset.exclude(status=Article.Status.PUBLISHED):
            article.status = Article.Status.PUBLISHED
            if not article.publish_at or article.publish_at > timezone.now():
                article.publish_at = timezone.now()
            article.save()
            record_revision(
                article, user=request.user, changed_fields=["status"], comment="Published"
            )
            count += 1
        self.message_user(
            request,
            ngettext("%d article published.", "%d articles published.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Unpublish the selected articles"), permissions=["change"])
    def unpublish(self, request, queryset):
        count = 0
        for article in queryset.exclude(status=Article.Status.UNPUBLISHED):
            article.status = Article.Status.UNPUBLISHED
            article.save()
            record_revision(
                article, user=request.user, changed_fields=["status"], comment="Unpublished"
            )
            count += 1
        self.message_user(
            request,
            ngettext("%d article unpublished.", "%d articles unpublished.", count) % count,
            messages.SUCCESS,
        )

    def get_urls(self):
        return [
            path(
                "<int:article_id>/revisions/<int:revision_id>/restore/",
                self.admin_site.admin_view(self.restore_view),
                name="articles_article_restore",
            ),
            *super().get_urls(),
        ]

    def restore_view(self, request, article_id, revision_id):
        revision = get_object_or_404(
            Revision.objects.select_related("article", "user"),
            pk=revision_id,
            article_id=article_id,
        )
        if not self.has_change_permission(request, revision.article):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        if request.method == "POST":
            restore_revision(revision, user=request.user)
            self.message_user(
                request,
                _("The article was restored to the version of %(when)s.")
                % {"when": timezone.localtime(revision.created_at).strftime("%Y-%m-%d %H:%M")},
                messages.SUCCESS,
            )
            return redirect("admin:articles_article_change", article_id)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Restore an earlier version"),
            "revision": revision,
            "article": revision.article,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/articles/article/restore.html", context)
