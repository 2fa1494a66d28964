from django.urls import path

from objectives import views

app_name = "objectives"

urlpatterns = [
    path("", views.home, name="home"),
    path("objectives/<int:number>/", views.objective_detail, name="objective"),
    path("guiding-principles/", views.guiding_principles, name="guiding_principles"),
]
