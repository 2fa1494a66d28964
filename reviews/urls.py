from django.urls import path

from reviews import views

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
]
