from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from reviews import models, services


class QuestionFormSet(BaseInlineFormSet):
    """Refuses, on the page, to delete a question someone already answered.

    A changed question is checked by ``Question.clean()`` (ModelForm validation
    runs it); a deleted form is not validated, so its deletion is checked here.
    The pre_delete receiver (``reviews/signals.py``) would refuse it too, but
    only while saving: a server error instead of the message on the page."""

    def clean(self):
        super().clean()
        refused = []
        # Every ticked form, not ``deleted_forms``: that is empty while another
        # form has an error, and the page should name every problem at once.
        for form in self.forms:
            if form.instance.pk is None or not self._should_delete_form(form):
                continue
            try:
                form.instance.check_deletion()
            except ValidationError as error:
                refused.extend(error.messages)
        if refused:
            raise ValidationError(refused)


class QuestionInline(admin.StackedInline):
    model = models.Question
    formset = QuestionFormSet
    extra = 0
    fields = [
        ("section", "order", "code", "asked_per", "answer_format", "word_guidance"),
        ("asked_to_institutions", "report_section"),
        "text_es",
        "text_en",
        "help_text_es",
        "help_text_en",
    ]


@admin.register(models.ReviewCycle)
class ReviewCycleAdmin(admin.ModelAdmin):
    list_display = ["name_es", "kind", "regional_commission", "opens_on", "deadline", "status"]
    list_filter = ["kind", "status", "regional_commission"]
    search_fields = ["name_es", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    list_select_related = ["regional_commission"]
    inlines = [QuestionInline]
    actions = ["add_default_questionnaire", "copy_questionnaire_from_latest"]

    def save_related(self, request, form, formsets, change):
        """The questions may have changed: every review of the cycle gets their rows."""
        super().save_related(request, form, formsets, change)
        services.cycle_rows_sync(cycle=form.instance)

    @admin.action(description=_("Give the selected cycles the default questionnaire"))
    def add_default_questionnaire(self, request, queryset):
        for cycle in queryset:
            try:
                services.questionnaire_create_default(cycle=cycle)
            except ValidationError as error:
                self.message_user(request, f"{cycle}: {' '.join(error.messages)}", messages.ERROR)
            else:
                services.cycle_rows_sync(cycle=cycle)

    @admin.action(description=_("Copy the questionnaire of the latest earlier cycle"))
    def copy_questionnaire_from_latest(self, request, queryset):
        for cycle in queryset:
            source = (
                models.ReviewCycle.objects.filter(
                    opens_on__lt=cycle.opens_on, questions__isnull=False
                )
                .distinct()
                .order_by("-opens_on")
                .first()
            )
            if source is None:
                self.message_user(
                    request,
                    _("%(cycle)s: no earlier cycle has questions.") % {"cycle": cycle},
                    messages.ERROR,
                )
                continue
            try:
                services.questionnaire_copy(source=source, target=cycle)
            except ValidationError as error:
                self.message_user(request, f"{cycle}: {' '.join(error.messages)}", messages.ERROR)
            else:
                services.cycle_rows_sync(cycle=cycle)


class CoordinatorInline(admin.TabularInline):
    model = models.NationalCoordinator
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(models.NationalReview)
class NationalReviewAdmin(admin.ModelAdmin):
    list_display = ["country", "cycle", "coordinating_institution", "status"]
    list_filter = ["cycle", "status"]
    search_fields = ["country__name_es", "country__name_en", "country__iso3"]
    autocomplete_fields = ["country", "coordinating_institution"]
    list_select_related = ["country", "cycle", "coordinating_institution"]
    inlines = [CoordinatorInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.review_rows_sync(review=obj)


class FocalPointInline(admin.TabularInline):
    model = models.FocalPoint
    extra = 0
    autocomplete_fields = ["user"]
    readonly_fields = ["invited_at", "invitations_sent"]


@admin.register(models.Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "kind", "country", "is_active"]
    list_select_related = ["country"]
    list_filter = ["kind", "is_active", "country"]
    search_fields = ["name", "acronym"]
    autocomplete_fields = ["country"]
    inlines = [FocalPointInline]


@admin.register(models.RegionalReviewer)
class RegionalReviewerAdmin(admin.ModelAdmin):
    list_display = ["user", "cycle"]
    list_select_related = ["user", "cycle"]
    list_filter = ["cycle"]
    autocomplete_fields = ["user"]


@admin.register(models.InstitutionRequest)
class InstitutionRequestAdmin(admin.ModelAdmin):
    list_display = ["institution", "review", "sent_at", "responded_at"]
    list_filter = ["review__cycle"]
    search_fields = ["institution__name", "institution__acronym"]
    filter_horizontal = ["objectives"]
    list_select_related = ["institution", "review__country", "review__cycle"]

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
