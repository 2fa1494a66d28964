"""Reads: what several pages, the reports and the exports share.

A selector never writes: opening a page or rendering a report creates no row
and runs no UPDATE, so reports can run against a read-only connection.

- ``home``: what a person does and may start;
- ``inputs``: an institution's forms, questions, answers and whole answer;
- ``analysis``: progress, each objective's material, the review's figures;
- ``answered``: the one definition of "this institution has answered";
- ``calendar``: a person's dates, for their calendar page and feed (.ics);
- ``consolidation``: the national texts and their sources;
- ``plan``: a review's deadline plan, each institution's due date and overdue state;
- ``schedule``: the reminders of the plan due today, and to whom;
- ``report``: the national report's content;
- ``validation``: the draft's sections, and what changed between rounds of validation;
- ``units``: what a cycle asks about (objectives, groups, the review) and what
  covers an objective.
"""

from reviews.selectors.analysis import (
    objective_material,
    review_analysis,
    review_progress,
)
from reviews.selectors.answered import Answered, requests_answered
from reviews.selectors.calendar import calendar_events, calendar_ics
from reviews.selectors.carry import (
    Change,
    answer_changes,
    input_material,
    previous_request,
    previous_review,
    programme_changes,
    progress_changes,
    text_changes,
    unit_changes,
)
from reviews.selectors.consolidation import (
    methodology_draft,
    principles_reflected,
    review_texts,
    text_with_sources,
    wanted_texts,
)
from reviews.selectors.good_practices import (
    flat_fields,
    good_practice_fields,
    good_practice_labels,
    good_practice_of,
    good_practice_problems,
    principles,
    review_first_inputs,
    review_good_practices,
)
from reviews.selectors.home import (
    startable_cycles,
    user_roles,
)
from reviews.selectors.inputs import (
    group_numbers,
    group_titles,
    input_answers,
    input_group,
    input_programmes,
    input_questions,
    input_rows,
    institution_requests,
    locked_objectives,
    request_document,
    request_inputs,
    wanted_inputs,
)
from reviews.selectors.material import general_material, group_material
from reviews.selectors.network import (
    consultation_citation,
    consultations_paragraph,
    review_consultations,
    review_pledges,
)
from reviews.selectors.plan import (
    STEPS,
    Due,
    Plan,
    request_due,
    request_due_on,
    requests_due,
    review_plan,
)
from reviews.selectors.report import (
    LAYOUTS,
    report_context,
)
from reviews.selectors.schedule import STEP_ORDER, ReviewDue, reminders_due, step_dates
from reviews.selectors.submission import submission_gaps
from reviews.selectors.units import (
    DONE,
    Group,
    cycle_groups,
    cycle_questions,
    groups_of_objectives,
    objective_coverage,
    unit_title,
)
from reviews.selectors.validation import draft_changes, draft_sections, word_diff

__all__ = [
    "calendar_events",
    "calendar_ics",
    "progress_changes",
    "Change",
    "answer_changes",
    "input_material",
    "input_programmes",
    "previous_request",
    "previous_review",
    "programme_changes",
    "text_changes",
    "unit_changes",
    "consultation_citation",
    "consultations_paragraph",
    "review_consultations",
    "review_pledges",
    "Answered",
    "flat_fields",
    "good_practice_fields",
    "good_practice_labels",
    "good_practice_of",
    "good_practice_problems",
    "principles",
    "review_first_inputs",
    "review_good_practices",
    "requests_answered",
    "general_material",
    "group_material",
    "Group",
    "cycle_groups",
    "cycle_questions",
    "groups_of_objectives",
    "input_group",
    "objective_coverage",
    "unit_title",
    "institution_requests",
    "locked_objectives",
    "wanted_inputs",
    "wanted_texts",
    "DONE",
    "LAYOUTS",
    "group_numbers",
    "group_titles",
    "input_answers",
    "input_questions",
    "input_rows",
    "methodology_draft",
    "objective_material",
    "principles_reflected",
    "report_context",
    "request_document",
    "request_inputs",
    "review_analysis",
    "review_progress",
    "review_texts",
    "startable_cycles",
    "submission_gaps",
    "text_with_sources",
    "user_roles",
    "draft_changes",
    "draft_sections",
    "word_diff",
    "STEPS",
    "Due",
    "Plan",
    "request_due",
    "request_due_on",
    "requests_due",
    "review_plan",
    "STEP_ORDER",
    "ReviewDue",
    "reminders_due",
    "step_dates",
]
