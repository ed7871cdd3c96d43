from django.urls import path

from . import views

app_name = "matching"

urlpatterns = [
    path("matching/", views.waiting_list, name="waiting_list"),
    path("matching/outcomes/", views.outcomes, name="outcomes"),
    path("clients/<int:client_id>/suggestions/", views.suggestions, name="suggestions"),
    path("clients/<int:client_id>/suggestions/share/", views.suggestions_share, name="suggestions_share"),
    path("clients/<int:client_id>/suggestions/pair/", views.suggestions_pair, name="suggestions_pair"),
    path("clients/<int:client_id>/matching-profile/", views.client_profile, name="client_profile"),
    path("clients/<int:client_id>/known-connections/", views.connection_add, name="connection_add"),
    path("known-connections/<int:connection_id>/remove/", views.connection_remove, name="connection_remove"),
    path("coaches/<int:coach_id>/matching-profile/", views.coach_profile, name="coach_profile"),
    path("coaches/<int:coach_id>/matching-exclusions/", views.exclusions_save, name="exclusions_save"),
    path("programmes/<int:programme_id>/matching/", views.weights, name="weights"),
    path("programmes/<int:programme_id>/bulk-matching/", views.bulk, name="bulk"),
    path("programmes/<int:programme_id>/reciprocal-pairs/", views.reciprocal_pairs, name="reciprocal_pairs"),
    path("bulk-matching/<int:run_id>/", views.bulk_run, name="bulk_run"),
    path("bulk-matching/<int:run_id>/review/", views.bulk_review, name="bulk_review"),
    path("bulk-matching/<int:run_id>/confirm/", views.bulk_confirm, name="bulk_confirm"),
    path("choose-your-coach/", views.choose, name="choose"),
    path("relationships/<int:relationship_id>/introductions/", views.introductions, name="introductions"),
    path("relationships/<int:relationship_id>/introductions/visits/", views.intro_visit_add, name="intro_visit_add"),
    path("relationships/<int:relationship_id>/introductions/confirm/", views.match_confirm, name="match_confirm"),
    path("relationships/<int:relationship_id>/introductions/decline/", views.match_decline, name="match_decline"),
]
