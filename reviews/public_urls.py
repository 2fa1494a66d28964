"""The public pages: published national reports, readable by everyone."""

from django.urls import path

from reviews.views import public

app_name = "public"

urlpatterns = [
    path("", public.index, name="index"),
    path("countries/<str:iso3>/", public.country, name="country"),
    path("reports/<int:review_id>/<str:layout>/", public.report, name="report"),
    path(
        "reports/<int:review_id>/<str:layout>/<str:language>.pdf",
        public.report_pdf,
        name="report_pdf",
    ),
    path("objectives/<int:number>/", public.objective, name="objective"),
]
