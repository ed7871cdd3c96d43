from django.urls import path

from . import views

app_name = "outcomes"

urlpatterns = [
    path("progress/", views.my_progress, name="my_progress"),
    path(
        "relationships/<int:relationship_id>/measures/<int:measure_id>/<slug:occasion>/",
        views.complete,
        name="complete",
    ),
    path("relationships/<int:relationship_id>/life-outcomes/new/", views.life_outcome_add, name="life_outcome_add"),
    path("life-outcomes/<int:outcome_id>/confirm/", views.life_outcome_confirm, name="life_outcome_confirm"),
]
