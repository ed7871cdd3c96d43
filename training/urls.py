from django.urls import path

from . import views

app_name = "training"

urlpatterns = [
    path("training/", views.module_list, name="module_list"),
    path("training/new/", views.module_create, name="module_create"),
    path("training/<int:module_id>/edit/", views.module_edit, name="module_edit"),
    path("programmes/<int:programme_id>/requirements/", views.programme_requirements, name="programme_requirements"),
    path("coaches/<int:coach_id>/readiness/", views.coach_training, name="coach_training"),
    path("coaches/<int:coach_id>/induction/new/", views.induction_add, name="induction_add"),
    path("coaches/<int:coach_id>/training/new/", views.completion_create, name="completion_create"),
    path("agreements/", views.agreement_list, name="agreement_list"),
    path("agreements/new/", views.agreement_create, name="agreement_create"),
    path("agreements/<int:agreement_id>/", views.agreement_detail, name="agreement_detail"),
    path("agreements/<int:agreement_id>/new-version/", views.agreement_version_create, name="agreement_version_create"),
    path(
        "coaches/<int:coach_id>/agreements/<int:version_id>/paper/",
        views.paper_acknowledge,
        name="paper_acknowledge",
    ),
    path("acknowledgements/<int:acknowledgement_id>/signed-copy/", views.signed_copy, name="signed_copy"),
    path("my-journey/", views.my_journey, name="my_journey"),
    path("my-journey/agreements/<int:version_id>/", views.acknowledge, name="acknowledge"),
    path("my-journey/learning/", views.aspiration_add, name="aspiration_add"),
]
