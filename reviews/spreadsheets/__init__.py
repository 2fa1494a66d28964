"""Spreadsheets in and out: one workbook writer, the review's exports, the
programme sheet (its resource, template and import).
"""

from reviews.spreadsheets.exports import (
    FORMULA_STARTS,
    INSTITUTION,
    OBJECTIVE,
    SHEET_TITLES,
    SHEETS,
    XLSX_TYPE,
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
    ImportRefused,
    programme_import,
    read_sheet,
)
from reviews.spreadsheets.resources import (
    DATE_FORMATS,
    ChoiceWidget,
    DayWidget,
    ProgrammeResource,
)
from reviews.spreadsheets.template import (
    programme_template,
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
    "OBJECTIVE",
    "ProgrammeExport",
    "ProgrammeResource",
    "SHEETS",
    "SHEET_TITLES",
    "StatisticExport",
    "XLSX_TYPE",
    "column",
    "csv_safe",
    "programme_import",
    "programme_template",
    "read_sheet",
    "review_csv",
    "review_workbook",
]
