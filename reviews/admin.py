"""The admin: reviews, institutions, requests and the audit log (cycles: admin_cycles)."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from reviews import models, services, spreadsheets
from reviews.admin_cycles import ReviewCycleAdmin  # noqa: F401 (registers the cycles)
from reviews.admin_work import KeepsWork
from reviews.roster_steps import sheet_steps


# Stacked, with a plain id field for the person: the tabular inline's delete box
# and the empty autocomplete widget have no accessible name (axe-core, critical).
class CoordinatorInline(admin.StackedInline):
    model = models.NationalCoordinator
    extra = 1
    raw_id_fields = ["user"]


@admin.register(models.NationalReview)
class NationalReviewAdmin(KeepsWork, admin.ModelAdmin):
    list_display = ["country", "cycle", "coordinating_institution", "status"]
    list_filter = ["cycle", "status"]
    search_fields = ["country__name_es", "country__name_en", "country__iso3"]
    autocomplete_fields = ["country", "coordinating_institution"]
    list_select_related = ["country", "cycle", "coordinating_institution"]
    # The status changes only through the review's actions: the coordinator's, and
    # "Reopen" here (with a reason), never by editing the field.
    readonly_fields = [
        "status",
        "validation_opened_at",
        "validation_previously_opened_at",
        # Kept by the notifications: when the coordinators' last digest went, and the next.
        "digest_sent_at",
        "digest_due_at",
        # Publication is the coordinators' act (logged), never an edit here.
        "published_at",
        "published_reports",
    ]
    inlines = [CoordinatorInline]

    def get_urls(self):
        reopen = path(
            "<path:object_id>/reopen/",
            self.admin_site.admin_view(self.reopen_view),
            name="reviews_nationalreview_reopen",
        )
        return [reopen, *super().get_urls()]

    def has_change_permission(self, request, obj=None):
        """A submitted review is read only, here as on every page, until reopened."""
        if obj is not None and obj.is_locked:
            return False
        return super().has_change_permission(request, obj)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["may_reopen"] = obj is not None and obj.is_locked and request.user.is_superuser
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.review_rows_sync(review=obj)

    @method_decorator(require_http_methods(["GET", "HEAD", "POST"]))
    def reopen_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Reopen a submitted review, for its coordinators to change and submit it
        again: the administrator says why, and the audit log keeps it."""
        review = self.get_object(request, unquote(object_id))
        if review is None:
            raise Http404
        if not request.user.is_superuser:
            raise PermissionDenied
        error = ""
        if request.method == "POST":
            try:
                services.review_reopen(
                    review=review, user=request.user, reason=request.POST.get("reason", "")
                )
            except ValidationError as refused:
                error = " ".join(refused.messages)
            else:
                self.message_user(
                    request,
                    _("%(review)s was reopened: its coordinators can change it again.")
                    % {"review": review},
                )
                return redirect("admin:reviews_nationalreview_change", review.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": review,
            "title": _("Reopen %(review)s") % {"review": review},
            "error": error,
            "reason": request.POST.get("reason", ""),
            "max_reason": services.lifecycle.MAX_REASON_CHARACTERS,
        }
        return TemplateResponse(request, "admin/reviews/nationalreview/reopen.html", context)


class FocalPointInline(admin.StackedInline):
    model = models.FocalPoint
    extra = 0
    raw_id_fields = ["user"]
    readonly_fields = ["invited_at", "invitations_sent"]


@admin.register(models.Institution)
class InstitutionAdmin(KeepsWork, admin.ModelAdmin):
    list_display = ["name", "acronym", "kind", "country", "is_active"]
    list_select_related = ["country"]
    list_filter = ["kind", "is_active", "country"]
    search_fields = ["name", "acronym"]
    autocomplete_fields = ["country"]
    inlines = [FocalPointInline]

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="reviews_institution_import",
            ),
            path(
                "import/template/",
                self.admin_site.admin_view(self.template_view),
                name="reviews_institution_import_template",
            ),
            *super().get_urls(),
        ]

    def template_view(self, request: HttpRequest) -> HttpResponse:
        """The institutions sheet with a country column, holding every active institution."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        institutions = models.Institution.objects.filter(is_active=True)
        response = HttpResponse(
            spreadsheets.roster_template(institutions=institutions),
            content_type=spreadsheets.XLSX_TYPE,
        )
        response["Content-Disposition"] = 'attachment; filename="institutions.xlsx"'
        return response

    @method_decorator(require_http_methods(["GET", "HEAD", "POST"]))
    def import_view(self, request: HttpRequest) -> HttpResponse:
        """The institutions sheet with a country column: institutions and focal
        points (invited by e-mail), no requests; preview, then confirm."""
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        return sheet_steps(
            request,
            review=None,
            template="admin/reviews/institution/import.html",
            context={
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": _("Import institutions and focal points"),
            },
            done=reverse("admin:reviews_institution_changelist"),
        )


@admin.register(models.RegionalReviewer)
class RegionalReviewerAdmin(admin.ModelAdmin):
    list_display = ["user", "cycle"]
    list_select_related = ["user", "cycle"]
    list_filter = ["cycle"]
    autocomplete_fields = ["user"]


@admin.register(models.InstitutionRequest)
class InstitutionRequestAdmin(KeepsWork, admin.ModelAdmin):
    list_display = ["institution", "review", "sent_at", "responded_at"]
    list_filter = ["review__cycle"]
    search_fields = ["institution__name", "institution__acronym"]
    filter_horizontal = ["objectives"]
    list_select_related = ["institution", "review__country", "review__cycle"]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.review.is_locked:
            return False
        return super().has_change_permission(request, obj)

    def save_related(self, request, form, formsets, change):
        """The objectives asked may have changed: the request gets their inputs."""
        super().save_related(request, form, formsets, change)
        services.request_rows_create(request=form.instance)


@admin.register(models.AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit log: read only, for administrators."""

    list_display = ["at", "username", "action", "subject", "detail"]
    list_filter = ["action", "at"]
    search_fields = ["username", "subject", "detail"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
