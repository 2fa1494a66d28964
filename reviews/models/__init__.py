"""The models of national reviews, in rooms by what they record.

Every model is importable from ``reviews.models``, as before the split: the app
label stays ``reviews`` and no migration changes.
"""

from reviews.models.attachments import Attachment, attachment_path
from reviews.models.audit import AuditEvent
from reviews.models.consolidation import NationalText, Passage, Reminder, ValidationResponse
from reviews.models.cycles import GCM_ADOPTION, Question, ReviewCycle
from reviews.models.inputs import (
    PROGRAMME_FIELDS,
    Answer,
    Challenge,
    Comment,
    Input,
    Programme,
    Statistic,
)
from reviews.models.network import Consultation, GoodPractice, Pledge, document_path
from reviews.models.organisation import (
    FocalPoint,
    Handover,
    Institution,
    InstitutionRequest,
    NationalCoordinator,
    NationalReview,
    Profile,
    RegionalReviewer,
)
from reviews.models.regional import RegionalText
from reviews.models.reports import ReportJob, report_path
from reviews.models.stamps import Stamp
from reviews.models.workflow import Transition

__all__ = [
    "GCM_ADOPTION",
    "PROGRAMME_FIELDS",
    "Answer",
    "Attachment",
    "AuditEvent",
    "Challenge",
    "Comment",
    "Consultation",
    "FocalPoint",
    "Handover",
    "GoodPractice",
    "Input",
    "Institution",
    "InstitutionRequest",
    "NationalCoordinator",
    "NationalReview",
    "NationalText",
    "Passage",
    "Pledge",
    "Profile",
    "Programme",
    "Question",
    "RegionalReviewer",
    "RegionalText",
    "Stamp",
    "Reminder",
    "ReportJob",
    "ReviewCycle",
    "Statistic",
    "Transition",
    "ValidationResponse",
    "attachment_path",
    "document_path",
    "report_path",
]
