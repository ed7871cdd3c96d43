from django.urls import path

from . import views

app_name = "recruitment"

urlpatterns = [
    path("apply/<slug:slug>/", views.apply, name="apply"),
    path("apply/<slug:slug>/thank-you/", views.apply_thanks, name="apply_thanks"),
    path("recruitment/", views.pipeline, name="pipeline"),
    path("recruitment/applications/<int:application_id>/", views.application_detail, name="application_detail"),
    path("recruitment/applications/<int:application_id>/conversation/", views.conversation, name="conversation"),
    path("recruitment/questions/", views.questions, name="questions"),
    path("recruitment/circumstances/", views.circumstances, name="circumstances"),
    path("coaches/<int:coach_id>/exclusions/new/", views.exclusion_add, name="exclusion_add"),
    path("checks/", views.check_list, name="check_list"),
    path("coaches/<int:coach_id>/checks/new/", views.check_create, name="check_create"),
    path("checks/<int:check_id>/edit/", views.check_edit, name="check_edit"),
    path("checks/<int:check_id>/certificate/", views.check_certificate, name="check_certificate"),
]
