from django.urls import path

from reviews import coordination_views as coordination
from reviews import input_views, report_views, views

app_name = "reviews"

urlpatterns = [
    path("", views.home, name="home"),
    path("reviews/<int:review_id>/", views.review_detail, name="review"),
    path("reviews/<int:review_id>/edit/", views.review_edit, name="review_edit"),
    path("reviews/start/<int:cycle_id>/<str:iso3>/", views.review_start, name="review_start"),
    path(
        "reviews/<int:review_id>/institutions/add/", views.institution_add, name="institution_add"
    ),
    path(
        "reviews/<int:review_id>/institutions/<int:institution_id>/edit/",
        views.institution_edit,
        name="institution_edit",
    ),
    path(
        "reviews/<int:review_id>/institutions/<int:institution_id>/request/",
        views.request_edit,
        name="request_edit",
    ),
    path(
        "reviews/<int:review_id>/institutions/<int:institution_id>/invite/",
        views.focal_point_invite,
        name="focal_point_invite",
    ),
    path(
        "reviews/<int:review_id>/focal-points/<int:focal_point_id>/resend/",
        views.focal_point_resend,
        name="focal_point_resend",
    ),
    path("institutions/<int:institution_id>/", views.institution_detail, name="institution"),
    path("requests/<int:request_id>/pdf/", input_views.request_pdf, name="request_pdf"),
    path(
        "requests/<int:request_id>/programmes/import/",
        input_views.programme_import,
        name="programme_import",
    ),
    path(
        "requests/<int:request_id>/programmes/template.xlsx",
        input_views.programme_template,
        name="programme_template",
    ),
    path("inputs/<int:input_id>/", input_views.input_detail, name="input"),
    path(
        "inputs/<int:input_id>/answers/<int:answer_id>/",
        input_views.answer_save,
        name="answer_save",
    ),
    path(
        "inputs/<int:input_id>/answers/<int:answer_id>/versions/",
        input_views.answer_versions,
        name="answer_versions",
    ),
    path(
        "inputs/<int:input_id>/answers/<int:answer_id>/restore/",
        input_views.answer_restore,
        name="answer_restore",
    ),
    path("inputs/<int:input_id>/submit/", input_views.input_submit, name="input_submit"),
    path("inputs/<int:input_id>/review/", input_views.input_review, name="input_review"),
    path("inputs/<int:input_id>/programmes/add/", input_views.programme_edit, name="programme_add"),
    path(
        "inputs/<int:input_id>/programmes/<int:programme_id>/",
        input_views.programme_edit,
        name="programme_edit",
    ),
    path(
        "inputs/<int:input_id>/attachments/<int:attachment_id>/",
        input_views.attachment_download,
        name="attachment",
    ),
    path("reviews/<int:review_id>/progress/", coordination.progress, name="progress"),
    path("reviews/<int:review_id>/reminders/", coordination.reminders_send, name="reminders"),
    path(
        "reviews/<int:review_id>/objectives/<int:number>/",
        coordination.consolidate_objective,
        name="consolidate",
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
    path("reviews/<int:review_id>/submit/", coordination.review_submit, name="review_submit"),
    path("reviews/<int:review_id>/export/<str:kind>/", coordination.review_export, name="export"),
    path("reviews/<int:review_id>/pdf/", report_views.report_home, name="report_home"),
    path("reviews/<int:review_id>/pdf/<int:job_id>/", report_views.report_job, name="report_job"),
    path(
        "reviews/<int:review_id>/pdf/<int:job_id>/retry/",
        report_views.report_retry,
        name="report_retry",
    ),
    path(
        "reviews/<int:review_id>/pdf/<int:job_id>/download/",
        report_views.report_download,
        name="report_download",
    ),
    path(
        "reviews/<int:review_id>/preview/<str:layout>/",
        report_views.report_preview,
        name="report_preview",
    ),
]
