from django.urls import path

from reviews.views import (
    assembly,
    bulk,
    calendar,
    carry,
    coordination,
    good_practices,
    handover,
    network,
    plan,
    publication,
    questionnaire,
    region,
    reports,
    roster,
    setup,
    sheets,
    submission,
)

app_name = "reviews"

urlpatterns = [
    path("", setup.home, name="home"),
    path("reviews/<int:review_id>/", setup.review_detail, name="review"),
    path("reviews/<int:review_id>/edit/", setup.review_edit, name="review_edit"),
    path("reviews/start/<int:cycle_id>/<str:iso3>/", setup.review_start, name="review_start"),
    path(
        "reviews/<int:review_id>/institutions/add/", setup.institution_add, name="institution_add"
    ),
    path(
        "reviews/<int:review_id>/institutions/import/",
        roster.institutions_import,
        name="institutions_import",
    ),
    path(
        "reviews/<int:review_id>/institutions/template.xlsx",
        roster.institutions_template,
        name="institutions_template",
    ),
    path("reviews/<int:review_id>/asks/", bulk.ask_matrix, name="ask_matrix"),
    path("reviews/<int:review_id>/accept/", bulk.inputs_accept, name="inputs_accept"),
    path("reviews/<int:review_id>/changes/", carry.review_changes, name="review_changes"),
    path(
        "reviews/<int:review_id>/report/assemble/",
        assembly.draft_assemble,
        name="draft_assemble",
    ),
    path(
        "reviews/<int:review_id>/institutions/<int:institution_id>/edit/",
        setup.institution_edit,
        name="institution_edit",
    ),
    path(
        "reviews/<int:review_id>/institutions/<int:institution_id>/request/",
        setup.request_edit,
        name="request_edit",
    ),
    path(
        "reviews/<int:review_id>/institutions/<int:institution_id>/invite/",
        setup.focal_point_invite,
        name="focal_point_invite",
    ),
    path(
        "reviews/<int:review_id>/focal-points/<int:focal_point_id>/resend/",
        setup.focal_point_resend,
        name="focal_point_resend",
    ),
    path(
        "reviews/<int:review_id>/focal-points/<int:focal_point_id>/replace/",
        handover.focal_point_replace,
        name="focal_point_replace",
    ),
    path("institutions/<int:institution_id>/", setup.institution_detail, name="institution"),
    path("calendar/", calendar.calendar, name="calendar"),
    path("calendar/<slug:token>.ics", calendar.calendar_feed, name="calendar_feed"),
    path("requests/<int:request_id>/pdf/", reports.request_pdf, name="request_pdf"),
    path(
        "requests/<int:request_id>/programmes/import/",
        sheets.programme_import,
        name="programme_import",
    ),
    path(
        "requests/<int:request_id>/programmes/template.xlsx",
        sheets.programme_template,
        name="programme_template",
    ),
    path("inputs/<int:input_id>/", questionnaire.input_detail, name="input"),
    path(
        "inputs/<int:input_id>/answers/<int:answer_id>/",
        questionnaire.answer_save,
        name="answer_save",
    ),
    path(
        "inputs/<int:input_id>/answers/<int:answer_id>/versions/",
        questionnaire.answer_versions,
        name="answer_versions",
    ),
    path(
        "inputs/<int:input_id>/answers/<int:answer_id>/restore/",
        questionnaire.answer_restore,
        name="answer_restore",
    ),
    path("inputs/<int:input_id>/submit/", questionnaire.input_submit, name="input_submit"),
    path("inputs/<int:input_id>/changes/", carry.input_changes, name="input_changes"),
    path(
        "inputs/<int:input_id>/keep/<int:programme_id>/",
        carry.programme_keep,
        name="programme_keep",
    ),
    path("inputs/<int:input_id>/withdraw/", submission.input_withdraw, name="input_withdraw"),
    path(
        "inputs/<int:input_id>/nothing-to-report/",
        submission.input_nothing_to_report,
        name="input_nothing_to_report",
    ),
    path("inputs/<int:input_id>/review/", questionnaire.input_review, name="input_review"),
    path(
        "inputs/<int:input_id>/programmes/add/", questionnaire.programme_edit, name="programme_add"
    ),
    path(
        "inputs/<int:input_id>/programmes/<int:programme_id>/",
        questionnaire.programme_edit,
        name="programme_edit",
    ),
    path(
        "inputs/<int:input_id>/good-practices/<int:programme_id>/",
        good_practices.good_practice,
        name="good_practice",
    ),
    path(
        "inputs/<int:input_id>/good-practices/<int:programme_id>.docx",
        good_practices.good_practice_docx,
        name="good_practice_docx",
    ),
    path(
        "reviews/<int:review_id>/good-practices/",
        good_practices.good_practices,
        name="good_practices",
    ),
    path(
        "reviews/<int:review_id>/good-practices.xlsx",
        good_practices.good_practices_xlsx,
        name="good_practices_xlsx",
    ),
    path(
        "inputs/<int:input_id>/attachments/<int:attachment_id>/",
        questionnaire.attachment_download,
        name="attachment",
    ),
    path("reviews/<int:review_id>/progress/", coordination.progress, name="progress"),
    path("reviews/<int:review_id>/plan/", plan.plan, name="plan"),
    path("reviews/<int:review_id>/plan/reset/", plan.plan_reset, name="plan_reset"),
    path("reviews/<int:review_id>/plan/due-dates/", plan.plan_due, name="plan_due"),
    path("reviews/<int:review_id>/reminders/", coordination.reminders_send, name="reminders"),
    path(
        "reviews/<int:review_id>/objectives/<int:number>/",
        coordination.consolidate_objective,
        name="consolidate",
    ),
    path(
        "reviews/<int:review_id>/areas/<int:number>/",
        coordination.consolidate_group,
        name="consolidate_group",
    ),
    path("reviews/<int:review_id>/texts/<int:text_id>/", coordination.text_save, name="text_save"),
    path(
        "reviews/<int:review_id>/texts/<int:text_id>/versions/",
        coordination.text_versions,
        name="text_versions",
    ),
    path(
        "reviews/<int:review_id>/texts/<int:text_id>/restore/",
        coordination.text_restore,
        name="text_restore",
    ),
    path("reviews/<int:review_id>/report/", coordination.report_sections, name="report_sections"),
    path(
        "reviews/<int:review_id>/report/methodology/",
        coordination.methodology_draft,
        name="methodology_draft",
    ),
    path("reviews/<int:review_id>/analysis/", coordination.review_analysis, name="analysis"),
    path(
        "reviews/<int:review_id>/validation/",
        coordination.validation_open,
        name="validation_open",
    ),
    path("reviews/<int:review_id>/draft/", coordination.draft, name="draft"),
    path(
        "reviews/<int:review_id>/draft/answer/",
        coordination.validation_respond,
        name="validation_respond",
    ),
    path("reviews/<int:review_id>/submit/", submission.review_submit, name="review_submit"),
    path("reviews/<int:review_id>/export/<str:kind>/", sheets.review_export, name="export"),
    path("reviews/<int:review_id>/pdf/", reports.report_home, name="report_home"),
    path("reviews/<int:review_id>/pdf/<int:job_id>/", reports.report_job, name="report_job"),
    path(
        "reviews/<int:review_id>/pdf/<int:job_id>/retry/",
        reports.report_retry,
        name="report_retry",
    ),
    path(
        "reviews/<int:review_id>/pdf/<int:job_id>/download/",
        reports.report_download,
        name="report_download",
    ),
    path("reviews/<int:review_id>/publish/", publication.review_publish, name="review_publish"),
    path(
        "reviews/<int:review_id>/unpublish/",
        publication.review_unpublish,
        name="review_unpublish",
    ),
    path("reviews/<int:review_id>/network/", network.network, name="network"),
    path("reviews/<int:review_id>/pledges/add/", network.pledge_edit, name="pledge_add"),
    path(
        "reviews/<int:review_id>/pledges/<int:pledge_id>/", network.pledge_edit, name="pledge_edit"
    ),
    path(
        "reviews/<int:review_id>/pledges/<int:pledge_id>/delete/",
        network.pledge_delete,
        name="pledge_delete",
    ),
    path(
        "reviews/<int:review_id>/pledges/<int:pledge_id>/document/",
        network.pledge_document,
        name="pledge_document",
    ),
    path(
        "reviews/<int:review_id>/pledges/<int:pledge_id>/pledge.docx",
        network.pledge_word,
        name="pledge_docx",
    ),
    path("reviews/<int:review_id>/pledges.xlsx", network.pledges_export, name="pledges_export"),
    path(
        "reviews/<int:review_id>/consultations/add/",
        network.consultation_edit,
        name="consultation_add",
    ),
    path(
        "reviews/<int:review_id>/consultations/<int:consultation_id>/",
        network.consultation_edit,
        name="consultation_edit",
    ),
    path(
        "reviews/<int:review_id>/consultations/<int:consultation_id>/delete/",
        network.consultation_delete,
        name="consultation_delete",
    ),
    path(
        "reviews/<int:review_id>/consultations/<int:consultation_id>/minutes/",
        network.consultation_minutes,
        name="consultation_minutes",
    ),
    path("regions/<int:cycle_id>/", region.region, name="region"),
    path("regions/<int:cycle_id>/coverage/", region.coverage, name="region_coverage"),
    path(
        "regions/<int:cycle_id>/objectives/<int:number>/",
        region.compare,
        name="region_compare",
    ),
    path("regions/<int:cycle_id>/challenges/", region.challenges, name="region_challenges"),
    path("regions/<int:cycle_id>/export.xlsx", region.export, name="region_export"),
    path("regions/<int:cycle_id>/synthesis/", region.synthesis, name="synthesis"),
    path(
        "regions/<int:cycle_id>/synthesis/texts/<slug:key>/",
        region.synthesis_text_save,
        name="synthesis_text_save",
    ),
    path(
        "regions/<int:cycle_id>/synthesis/texts/<slug:key>/versions/",
        region.synthesis_text_versions,
        name="synthesis_text_versions",
    ),
    path(
        "regions/<int:cycle_id>/synthesis/texts/<slug:key>/restore/",
        region.synthesis_text_restore,
        name="synthesis_text_restore",
    ),
    path(
        "regions/<int:cycle_id>/synthesis/preview/",
        region.synthesis_preview,
        name="synthesis_preview",
    ),
    path(
        "regions/<int:cycle_id>/synthesis/pdf/<int:job_id>/",
        region.synthesis_job,
        name="synthesis_job",
    ),
    path(
        "regions/<int:cycle_id>/synthesis/pdf/<int:job_id>/retry/",
        region.synthesis_retry,
        name="synthesis_retry",
    ),
    path(
        "regions/<int:cycle_id>/synthesis/pdf/<int:job_id>/download/",
        region.synthesis_download,
        name="synthesis_download",
    ),
    path(
        "reviews/<int:review_id>/preview/<str:layout>/",
        reports.report_preview,
        name="report_preview",
    ),
]
