"""Pages, by job: setup, questionnaire, coordination, reports, sheets."""
