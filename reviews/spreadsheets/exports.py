"""Every input of a review as spreadsheets (django-import-export), for coordinators
who also work in Excel: one XLSX with a sheet per kind, or one kind as CSV.

What institutions typed is data, never a formula: a text that a spreadsheet
program could read as one (``workbook.looks_like_formula``: = + - @, their
full-width forms, after spaces or not, or a leading tab or carriage return) is
written as text (XLSX, by the workbook writer) or behind an apostrophe (CSV).
Numbers are written as numbers.
"""

import csv
import decimal
import io

from django.db.models import F
from django.utils.translation import gettext_lazy
from import_export import fields, resources

from objectives.models import ChallengeCategory
from reviews.models import (
    PROGRAMME_FIELDS,
    Answer,
    Attachment,
    Challenge,
    NationalReview,
    Programme,
    Question,
    ReviewCycle,
    Statistic,
)
from reviews.selectors.units import Group, cycle_groups, unit_title
from reviews.spreadsheets import challenges as challenge_sheet
from reviews.spreadsheets.resources import EXPORT_LABELS, SEPARATOR, institution_label
from reviews.spreadsheets.workbook import Sheet, looks_like_formula, workbook


def column(attribute, label, **kwargs):
    return fields.Field(attribute=attribute, column_name=label, **kwargs)


INSTITUTION = gettext_lazy("institution")
OBJECTIVE = gettext_lazy("objective")
THEMATIC_AREA = gettext_lazy("thematic area")
ROUND_TABLE = gettext_lazy("round table")
UNIT_KINDS = {
    Question.AskedPer.OBJECTIVE: OBJECTIVE,
    Question.AskedPer.REVIEW: gettext_lazy("review"),
}
YES = gettext_lazy("yes")
NO = gettext_lazy("no")


class AnswerExport(resources.ModelResource):
    """One row per answer, with the unit it answers about: an objective, a thematic
    area or round table, or the review as a whole (the general questions)."""

    institution = column("input__request__institution__name", INSTITUTION)
    unit = fields.Field(column_name=gettext_lazy("answered per"))
    about = fields.Field(column_name=gettext_lazy("about"))
    status = column("input__status", gettext_lazy("status"))
    question = column("question__code", gettext_lazy("question"))
    text = column("text", gettext_lazy("answer"))
    not_applicable = column("not_applicable", gettext_lazy("not applicable"))
    reason = column("not_applicable_reason", gettext_lazy("why it does not apply"))
    words = column("words", gettext_lazy("words"))
    updated_at = column("updated_at", gettext_lazy("last saved"))

    # By institution, then its units as the questionnaire asks them (objectives or
    # groups, then the general questions), then the questions in order.
    ordering = (
        "input__request__institution__name",
        "input__request_id",
        F("input__group_number").asc(nulls_last=True),
        F("input__objective__number").asc(nulls_last=True),
        "-question__section",
        "question__order",
        "pk",
    )

    class Meta:
        model = Answer
        fields = (
            "institution",
            "unit",
            "about",
            "status",
            "question",
            "text",
            "not_applicable",
            "reason",
            "words",
            "updated_at",
        )

    def __init__(self, review: NationalReview | None = None, **kwargs):
        super().__init__(**kwargs)
        self.review = review
        self.groups: dict[int, Group] = {}
        self.round_tables = False

    def before_export(self, queryset, **kwargs):
        # The groups' titles once per export (two queries), not once per answer.
        if self.review is not None:
            cycle = self.review.cycle
            self.groups = {group.number: group for group in cycle_groups(cycle)}
            self.round_tables = cycle.grouping == ReviewCycle.Grouping.ROUND_TABLES

    def dehydrate_unit(self, answer):
        unit = answer.input.unit
        if unit == Question.AskedPer.GROUP:
            return str(ROUND_TABLE if self.round_tables else THEMATIC_AREA)
        return str(UNIT_KINDS[unit])

    def dehydrate_about(self, answer):
        return str(unit_title(answer.input, self.groups))

    def dehydrate_status(self, answer):
        return str(answer.input.get_status_display())

    def dehydrate_not_applicable(self, answer):
        return str(YES if answer.not_applicable else NO)

    # Native values: a number stays a number in the workbook (never a localised
    # text), a time a time.
    def dehydrate_words(self, answer):
        return answer.word_count

    def dehydrate_updated_at(self, answer):
        return answer.updated_at

    def get_queryset(self):
        return Answer.objects.select_related(
            "input__request__institution", "input__objective", "question"
        )


class ProgrammeExport(resources.ModelResource):
    """Every field of a programme (``PROGRAMME_FIELDS``) with the template's values
    (objectives and principles by number, institutions involved by acronym, "3; 7"),
    after the institution; its titles (``EXPORT_LABELS``, in the reader's language)
    are read by the import, so an institution's rows import back."""

    institution = column("request__institution__name", EXPORT_LABELS["institution"])
    name = column("name", EXPORT_LABELS["name"])
    kind = column("kind", EXPORT_LABELS["kind"])
    objectives = fields.Field(column_name=EXPORT_LABELS["objectives"])
    commitment = column("commitment", EXPORT_LABELS["commitment"])
    description = column("description", EXPORT_LABELS["description"])
    background = column("background", EXPORT_LABELS["background"])
    general_objective = column("general_objective", EXPORT_LABELS["general_objective"])
    specific_objectives = column("specific_objectives", EXPORT_LABELS["specific_objectives"])
    institutions_involved = fields.Field(column_name=EXPORT_LABELS["institutions_involved"])
    partners = column("partners", EXPORT_LABELS["partners"])
    achievements = column("achievements", EXPORT_LABELS["achievements"])
    period_start = column("period_start", EXPORT_LABELS["period_start"])
    period_end = column("period_end", EXPORT_LABELS["period_end"])
    principles = fields.Field(column_name=EXPORT_LABELS["principles"])
    links = column("links", EXPORT_LABELS["links"])

    class Meta:
        model = Programme
        fields = ("institution", *PROGRAMME_FIELDS)

    def get_queryset(self):
        return Programme.objects.select_related("request__institution").prefetch_related(
            "objectives", "principles", "institutions_involved"
        )

    def dehydrate_kind(self, programme):
        return str(programme.get_kind_display())

    def dehydrate_objectives(self, programme):
        return SEPARATOR.join(str(n) for n in sorted(o.number for o in programme.objectives.all()))

    def dehydrate_principles(self, programme):
        return SEPARATOR.join(str(n) for n in sorted(p.number for p in programme.principles.all()))

    def dehydrate_institutions_involved(self, programme):
        return SEPARATOR.join(
            sorted(institution_label(i) for i in programme.institutions_involved.all())
        )


class StatisticExport(resources.ModelResource):
    institution = column("programme__request__institution__name", INSTITUTION)
    programme = column("programme__name", gettext_lazy("programme"))
    indicator = column("indicator", gettext_lazy("indicator"))
    men = column("men", gettext_lazy("men"))
    women = column("women", gettext_lazy("women"))
    total = column("total", gettext_lazy("total"))
    age_group = column("age_group", gettext_lazy("age group"))
    nationalities = column("nationalities", gettext_lazy("nationalities"))

    class Meta:
        model = Statistic
        fields = (
            "institution",
            "programme",
            "indicator",
            "men",
            "women",
            "total",
            "age_group",
            "nationalities",
        )

    def get_queryset(self):
        return Statistic.objects.select_related("programme__request__institution")

    # Counts are numbers in the workbook (never text, never mistaken for a formula).
    def dehydrate_men(self, statistic):
        return statistic.men

    def dehydrate_women(self, statistic):
        return statistic.women

    def dehydrate_total(self, statistic):
        return statistic.total


class CategoryMark(fields.Field):
    """x when the challenge counts in this category: one column per category, so
    that a category's name (some hold commas) is never split."""

    def __init__(self, category: ChallengeCategory):
        super().__init__(column_name=challenge_sheet.category_header(category))
        self.category = category

    def get_value(self, challenge):
        chosen = {c.pk for c in challenge.categories.all()}
        return challenge_sheet.MARK if self.category.pk in chosen else ""


class ChallengeExport(resources.ModelResource):
    """One row per challenge, as the template's challenges sheet, after the institution."""

    institution = column("programme__request__institution__name", INSTITUTION)
    programme = column("programme__name", challenge_sheet.PROGRAMME)
    description = column("description", challenge_sheet.TEXT)

    class Meta:
        model = Challenge
        fields = ("institution", "programme", "description")

    def __init__(self, **kwargs):
        kwargs.pop("review", None)
        super().__init__(**kwargs)
        for category in ChallengeCategory.objects.order_by("number"):
            self.fields[f"category_{category.number}"] = CategoryMark(category)

    def get_export_order(self):
        return (*self._meta.fields, *(k for k in self.fields if k.startswith("category_")))

    def get_queryset(self):
        return Challenge.objects.select_related("programme__request__institution").prefetch_related(
            "categories"
        )


class AttachmentExport(resources.ModelResource):
    institution = column("programme__request__institution__name", INSTITUTION)
    programme = column("programme__name", gettext_lazy("programme"))
    name = column("original_name", gettext_lazy("file name"))
    content_type = column("content_type", gettext_lazy("type"))
    size = column("size", gettext_lazy("size"))
    uploaded_at = column("uploaded_at", gettext_lazy("uploaded"))

    class Meta:
        model = Attachment
        fields = (
            "institution",
            "programme",
            "name",
            "content_type",
            "size",
            "uploaded_at",
        )

    def get_queryset(self):
        return Attachment.objects.select_related("programme__request__institution")

    def dehydrate_size(self, attachment):
        return attachment.size


# Sheet name: (resource, the path from its model to the review).
SHEETS = {
    "answers": (AnswerExport, "input__request__review"),
    "programmes": (ProgrammeExport, "request__review"),
    "statistics": (StatisticExport, "programme__request__review"),
    "challenges": (ChallengeExport, "programme__request__review"),
    "attachments": (AttachmentExport, "programme__request__review"),
}
SHEET_TITLES = {
    "answers": gettext_lazy("answers"),
    "programmes": gettext_lazy("programmes"),
    "statistics": gettext_lazy("statistics"),
    "challenges": gettext_lazy("challenges"),
    "attachments": gettext_lazy("attachments"),
}


def _dataset(review: NationalReview, kind: str):
    resource_class, path = SHEETS[kind]
    resource = resource_class(review=review)
    ordering = getattr(resource, "ordering", ("pk",))
    return resource.export(
        queryset=resource.get_queryset().filter(**{path: review}).order_by(*ordering)
    )


def review_workbook(review: NationalReview) -> bytes:
    """One XLSX with a sheet per kind of input."""
    sheets = []
    for kind in SHEETS:
        dataset = _dataset(review, kind)
        sheets.append(Sheet(title=str(SHEET_TITLES[kind]), headers=dataset.headers, rows=dataset))
    return workbook(sheets)


def csv_safe(value) -> str:
    """The value as CSV text, behind an apostrophe when it could run as a formula."""
    if value is None:
        return ""
    if isinstance(value, int | float | decimal.Decimal):
        return str(value)  # -5 is a number, written as one
    text = str(value)
    return "'" + text if looks_like_formula(text) else text


def review_csv(review: NationalReview, kind: str) -> str:
    dataset = _dataset(review, kind)
    output = io.StringIO()
    output.write("\ufeff")  # so that Excel reads UTF-8
    writer = csv.writer(output)
    writer.writerow(dataset.headers)
    for row in dataset:
        writer.writerow([csv_safe(value) for value in row])
    return output.getvalue()
