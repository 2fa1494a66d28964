"""Writes: every workflow that changes data, as keyword-only functions.

Each runs in one transaction and is re-exported here, so views call
``services.answer_save(...)`` without knowing which room holds it:

- ``setup``: questionnaires, reviews, the institutions asked, focal points;
- ``inputs``: answers, programmes, submission and review of an input;
- ``consolidation``: national texts, reminders, validation, submission;
- ``bulk``: a coordinator's work in bulk: accepting inputs, asking institutions;
- ``calendar``: the secret key of a person's calendar feed (.ics);
- ``plan``: the deadline plan's dates, its reminder settings, the institutions' due dates;
- ``schedule``: the reminders that follow the plan (``manage.py send_due_reminders``);
- ``reports``: asking for a report and rendering it in the background;
- ``audit``: the audit log (imported as ``reviews.services.audit``);
- ``notifications``: the e-mails that follow the work, each in its recipient's
  language (imported as ``reviews.services.notifications``).
"""

from reviews.services.assembly import draft_assemble
from reviews.services.bulk import AsksRefused, inputs_accept, institution_requests_apply
from reviews.services.calendar import calendar_key_renew
from reviews.services.carry import answers_carry, programme_carry
from reviews.services.consolidation import (
    REMINDER_INTERVAL,
    passage_insert,
    passage_of,
    reminders_send,
    review_submit,
    text_save,
    validation_open,
    validation_respond,
)
from reviews.services.good_practices import good_practice_save, good_practice_withdraw
from reviews.services.handover import focal_point_replace
from reviews.services.inputs import (
    AttachmentNotStored,
    EditConflict,
    answer_restore,
    answer_save,
    attachment_add,
    input_accept,
    input_nothing_to_report,
    input_return,
    input_submit,
    input_withdraw,
    inputs_touch,
    programme_check_unlocked,
    programme_save,
)
from reviews.services.lifecycle import check_open, review_advance, review_reopen
from reviews.services.network import consultation_save, network_row_delete, pledge_save
from reviews.services.plan import (
    PLAN_FIELDS,
    REMINDER_FIELDS,
    due_dates_save,
    plan_problems,
    plan_reset,
    plan_save,
)
from reviews.services.regional import (
    public_job,
    public_pdf_key,
    regional_text_save,
    review_publish,
    review_unpublish,
)
from reviews.services.reports import (
    fingerprint,
    job_as_seen,
    jobs_expire,
    report_claim,
    report_render,
    report_request,
    report_watch,
    synthesis_request,
)
from reviews.services.roster import RosterRow, roster_import
from reviews.services.schedule import Summary, due_reminders_send, review_reminders_send
from reviews.services.setup import (
    cycle_rows_sync,
    focal_point_invite,
    institution_request_save,
    institution_request_withdraw,
    invitation_send,
    questionnaire_copy,
    questionnaire_create_default,
    request_rows_create,
    review_rows_sync,
    review_start,
    review_texts_create,
)

__all__ = [
    "calendar_key_renew",
    "answers_carry",
    "programme_carry",
    "consultation_save",
    "network_row_delete",
    "pledge_save",
    "check_open",
    "review_advance",
    "review_reopen",
    "job_as_seen",
    "cycle_rows_sync",
    "request_rows_create",
    "review_rows_sync",
    "review_texts_create",
    "AsksRefused",
    "AttachmentNotStored",
    "EditConflict",
    "REMINDER_INTERVAL",
    "answer_restore",
    "answer_save",
    "attachment_add",
    "fingerprint",
    "focal_point_invite",
    "focal_point_replace",
    "input_accept",
    "input_return",
    "input_nothing_to_report",
    "input_submit",
    "input_withdraw",
    "inputs_touch",
    "inputs_accept",
    "institution_request_save",
    "institution_requests_apply",
    "institution_request_withdraw",
    "invitation_send",
    "jobs_expire",
    "report_claim",
    "passage_insert",
    "draft_assemble",
    "passage_of",
    "programme_check_unlocked",
    "programme_save",
    "good_practice_save",
    "good_practice_withdraw",
    "questionnaire_copy",
    "questionnaire_create_default",
    "reminders_send",
    "report_render",
    "report_watch",
    "public_job",
    "public_pdf_key",
    "regional_text_save",
    "report_request",
    "review_publish",
    "review_unpublish",
    "synthesis_request",
    "review_start",
    "RosterRow",
    "roster_import",
    "review_submit",
    "text_save",
    "validation_open",
    "validation_respond",
    "PLAN_FIELDS",
    "REMINDER_FIELDS",
    "due_dates_save",
    "plan_problems",
    "plan_reset",
    "plan_save",
    "Summary",
    "due_reminders_send",
    "review_reminders_send",
]
