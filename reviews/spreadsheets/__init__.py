"""Spreadsheets in and out: one workbook writer, the review's exports, the
programme sheet (its resource, template and import).
"""

from reviews.spreadsheets.exports import (
    INSTITUTION,
    OBJECTIVE,
    SHEET_TITLES,
    SHEETS,
    AnswerExport,
    AttachmentExport,
    ChallengeExport,
    ProgrammeExport,
    StatisticExport,
    column,
    csv_safe,
    review_csv,
    review_workbook,
)
from reviews.spreadsheets.imports import (
    MAX_SHEET_BYTES,
    MAX_SHEET_ROWS,
    ImportRefused,
    Pending,
    PreviewExpired,
    import_confirm,
    import_preview,
    programme_import,
    read_sheet,
    upload_content,
)
from reviews.spreadsheets.resources import (
    DATE_FORMATS,
    ChoiceWidget,
    DayWidget,
    ProgrammeResource,
)
from reviews.spreadsheets.roster import (
    read_roster,
    roster_confirm,
    roster_preview,
    roster_template,
)
from reviews.spreadsheets.template import (
    programme_template,
)
from reviews.spreadsheets.workbook import (
    FORMULA_STARTS,
    XLSX_TYPE,
    Sheet,
    looks_like_formula,
    workbook,
)

__all__ = [
    "AnswerExport",
    "AttachmentExport",
    "ChallengeExport",
    "ChoiceWidget",
    "DATE_FORMATS",
    "DayWidget",
    "FORMULA_STARTS",
    "INSTITUTION",
    "ImportRefused",
    "MAX_SHEET_BYTES",
    "MAX_SHEET_ROWS",
    "OBJECTIVE",
    "Pending",
    "PreviewExpired",
    "ProgrammeExport",
    "ProgrammeResource",
    "SHEETS",
    "SHEET_TITLES",
    "Sheet",
    "StatisticExport",
    "XLSX_TYPE",
    "column",
    "csv_safe",
    "import_confirm",
    "import_preview",
    "looks_like_formula",
    "programme_import",
    "programme_template",
    "read_roster",
    "read_sheet",
    "roster_confirm",
    "roster_preview",
    "roster_template",
    "review_csv",
    "review_workbook",
    "upload_content",
    "workbook",
]
