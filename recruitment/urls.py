from django.urls import path

from . import views

app_name = "recruitment"

urlpatterns = [
    path("checks/", views.check_list, name="check_list"),
    path("coaches/<int:coach_id>/checks/new/", views.check_create, name="check_create"),
    path("checks/<int:check_id>/edit/", views.check_edit, name="check_edit"),
    path("checks/<int:check_id>/certificate/", views.check_certificate, name="check_certificate"),
]
