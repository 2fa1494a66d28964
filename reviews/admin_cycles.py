"""The admin of review cycles and their questionnaires."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import TextField
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST, require_safe

from objectives.models import Objective
from reviews import models, selectors, services

AskedPer = models.Question.AskedPer


class QuestionFormSet(BaseInlineFormSet):
    """Refuses, on the page, to delete a question someone already answered, and to
    open a cycle that would be left with no question.

    A changed question is checked by ``Question.clean()`` (ModelForm validation
    runs it); a deleted form is not validated, so its deletion is checked here.
    The pre_delete receiver (``reviews/signals.py``) would refuse it too, but
    only while saving: a server error instead of the message on the page. The
    opening is checked here, not in ``ReviewCycle.clean()``, because only the
    formset knows the questions added or deleted in the same save."""

    def clean(self):
        super().clean()
        refused = []
        kept = 0
        # Every ticked form, not ``deleted_forms``: that is empty while another
        # form has an error, and the page should name every problem at once.
        for form in self.forms:
            if not self._should_delete_form(form):
                kept += form.instance.pk is not None or form.has_changed()
                continue
            if form.instance.pk is None:
                continue
            try:
                form.instance.check_deletion()
            except ValidationError as error:
                refused.extend(error.messages)
        if self.instance.status == models.ReviewCycle.Status.OPEN and not kept:
            refused.append(
                _(
                    "Add the questionnaire before opening the cycle: the focal points would "
                    "find empty forms. Save the cycle as a draft, give it the default "
                    "questionnaire or copy an earlier one with the buttons at the top of its "
                    "page (or add the questions below), then open it."
                )
            )
        if refused:
            raise ValidationError(refused)


class QuestionInline(admin.StackedInline):
    """Each question's settings together, its long texts folded away until opened (the
    question's text heads each one). The settings' help texts are left out: repeated
    under every question, they and the open texts made the page 10,000 px long."""

    model = models.Question
    formset = QuestionFormSet
    extra = 0
    SETTINGS = [
        "code",
        "order",
        "section",
        "asked_per",
        "answer_format",
        "asked_to_institutions",
        "report_section",
    ]
    fieldsets = [
        (None, {"fields": [tuple(SETTINGS)]}),
        (
            gettext_lazy("Texts of the question and its guidance (Spanish and English)"),
            {
                "classes": ["collapse"],
                "fields": ["text_es", "text_en", "help_text_es", "help_text_en", "word_guidance"],
            },
        ),
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and db_field.name in self.SETTINGS:
            field.help_text = ""
        if field is not None and isinstance(db_field, TextField):
            field.widget.attrs["rows"] = 3
        return field


def copy_source(cycle: models.ReviewCycle) -> models.ReviewCycle | None:
    """The latest cycle opened before ``cycle`` that has questions."""
    return (
        models.ReviewCycle.objects.filter(opens_on__lt=cycle.opens_on, questions__isnull=False)
        .distinct()
        .order_by("-opens_on")
        .first()
    )


@transaction.atomic
def questionnaire_give(
    cycle: models.ReviewCycle,
    *,
    source: models.ReviewCycle | None = None,
    asked_per: str | None = None,
) -> int:
    """Give the cycle the default questionnaire (or a copy of ``source``'s) and every
    review of it the rows of the new questions; the number of questions given."""
    if source is None:
        given = services.questionnaire_create_default(cycle=cycle, asked_per=asked_per)
    else:
        given = services.questionnaire_copy(source=source, target=cycle)
    services.cycle_rows_sync(cycle=cycle)
    return len(given)


@admin.register(models.ReviewCycle)
class ReviewCycleAdmin(admin.ModelAdmin):
    list_display = ["name_es", "kind", "regional_commission", "opens_on", "deadline", "status"]
    list_filter = ["kind", "status", "regional_commission"]
    search_fields = ["name_es", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    list_select_related = ["regional_commission"]
    inlines = [QuestionInline]
    actions = ["add_default_questionnaire", "copy_questionnaire_from_latest"]

    def get_urls(self):
        def route(suffix, view, name):
            return path(
                f"<path:object_id>/{suffix}/",
                self.admin_site.admin_view(view),
                name=f"reviews_reviewcycle_{name}",
            )

        return [
            route(
                "questionnaire/default", self.questionnaire_default_view, "questionnaire_default"
            ),
            route("questionnaire/copy", self.questionnaire_copy_view, "questionnaire_copy"),
            route("preview", self.preview_view, "preview"),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None:
            context["has_questions"] = obj.questions.exists()
            context["copy_source"] = copy_source(obj)
            context["grouped_by_round_tables"] = (
                obj.grouping == models.ReviewCycle.Grouping.ROUND_TABLES
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_related(self, request, form, formsets, change):
        """The questions may have changed: every review of the cycle gets their rows."""
        super().save_related(request, form, formsets, change)
        services.cycle_rows_sync(cycle=form.instance)

    def _cycle_to_change(self, request: HttpRequest, object_id: str) -> models.ReviewCycle:
        cycle = self.get_object(request, unquote(object_id))
        if cycle is None:
            raise Http404
        if not self.has_change_permission(request, cycle):
            raise PermissionDenied
        return cycle

    def _give_questionnaire(self, request, cycle, *, source=None, asked_per=None, named=False):
        """Give the cycle its questionnaire, and say on the page what was done or why not."""
        prefix = f"{cycle}: " if named else ""
        try:
            count = questionnaire_give(cycle, source=source, asked_per=asked_per)
        except ValidationError as error:
            self.message_user(request, prefix + " ".join(error.messages), messages.ERROR)
            return
        if source is None:
            done = ngettext(
                "%(count)d question was added to the cycle.",
                "%(count)d questions were added to the cycle.",
                count,
            )
        else:
            done = ngettext(
                "%(count)d question of %(source)s was copied to the cycle.",
                "%(count)d questions of %(source)s were copied to the cycle.",
                count,
            )
        self.message_user(request, prefix + done % {"count": count, "source": source})

    @method_decorator(require_POST)
    def questionnaire_default_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """The buttons "Give this cycle the default questionnaire"."""
        cycle = self._cycle_to_change(request, object_id)
        asked_per = request.POST.get("asked_per")
        if asked_per not in {AskedPer.OBJECTIVE, AskedPer.GROUP}:
            asked_per = None
        self._give_questionnaire(request, cycle, asked_per=asked_per)
        return redirect("admin:reviews_reviewcycle_change", cycle.pk)

    @method_decorator(require_POST)
    def questionnaire_copy_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """The button "Copy the questionnaire of <the latest earlier cycle>"."""
        cycle = self._cycle_to_change(request, object_id)
        source = copy_source(cycle)
        if source is None:
            self.message_user(request, _("No earlier cycle has questions."), messages.ERROR)
        else:
            self._give_questionnaire(request, cycle, source=source)
        return redirect("admin:reviews_reviewcycle_change", cycle.pk)

    @method_decorator(require_safe)
    def preview_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """The questionnaire as a focal point will see it, read only."""
        cycle = self.get_object(request, unquote(object_id))
        if cycle is None:
            raise Http404
        if not self.has_view_permission(request, cycle):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "cycle": cycle,
            "title": _("Preview of the questionnaire of %(cycle)s") % {"cycle": cycle},
            **preview_units(cycle, request.GET),
        }
        return TemplateResponse(request, "reviews/admin/question_preview.html", context)

    @admin.action(description=gettext_lazy("Give the selected cycles the default questionnaire"))
    def add_default_questionnaire(self, request, queryset):
        for cycle in queryset:
            self._give_questionnaire(request, cycle, named=True)

    @admin.action(description=gettext_lazy("Copy the questionnaire of the latest earlier cycle"))
    def copy_questionnaire_from_latest(self, request, queryset):
        for cycle in queryset:
            source = copy_source(cycle)
            if source is None:
                self.message_user(
                    request,
                    _("%(cycle)s: no earlier cycle has questions.") % {"cycle": cycle},
                    messages.ERROR,
                )
            else:
                self._give_questionnaire(request, cycle, source=source, named=True)


def preview_units(cycle: models.ReviewCycle, query) -> dict:
    """The forms a focal point meets, one of each kind the cycle asks: the area (or
    round table) chosen in ``query`` or the first, the objective chosen or the first,
    and the general questions; and the questions only the coordination answers."""
    asked = selectors.cycle_questions(cycle)
    shown = {question.pk for questions in asked.values() for question in questions}
    units = []
    if asked[AskedPer.GROUP]:
        groups = selectors.cycle_groups(cycle)
        group = next((g for g in groups if str(g.number) == query.get("group")), groups[0])
        units.append(
            {
                "kind": _("The form of a thematic area or round table (one per area asked)"),
                "kicker": group.name,
                "title": group.title,
                "objectives": group.objectives,
                "questions": asked[AskedPer.GROUP],
                "programmes": True,
                "choices": [(g.name, f"?group={g.number}", g == group) for g in groups],
            }
        )
    if asked[AskedPer.OBJECTIVE]:
        objectives = list(Objective.objects.order_by("number"))
        objective = next(
            (o for o in objectives if str(o.number) == query.get("objective")), objectives[0]
        )
        units.append(
            {
                "kind": _("The form of an objective (one per objective asked)"),
                "kicker": _("Objective %(number)s") % {"number": objective.number}
                + f" · {objective.short_label}",
                "title": objective.title,
                "lead": objective.highlights,
                "questions": asked[AskedPer.OBJECTIVE],
                "programmes": True,
                "choices": [
                    (str(o.number), f"?objective={o.number}", o == objective) for o in objectives
                ],
            }
        )
    if asked[AskedPer.REVIEW]:
        units.append(
            {
                "kind": _("The general questions (one form per institution)"),
                "kicker": str(cycle),
                "title": _("General questions about the review"),
                "questions": asked[AskedPer.REVIEW],
            }
        )
    coordination = [q for q in cycle.questions.order_by("-section", "order") if q.pk not in shown]
    return {"units": units, "coordination_questions": coordination}
