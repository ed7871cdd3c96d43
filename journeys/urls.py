from django.urls import path

from . import away_views, views

app_name = "journeys"

urlpatterns = [
    path("relationships/", views.relationship_list, name="relationship_list"),
    path("clients/<int:client_id>/pair/", views.pair, name="pair"),
    path("relationships/<int:relationship_id>/", views.relationship_detail, name="relationship_detail"),
    path("relationships/<int:relationship_id>/way-of-working/", views.relationship_kind, name="relationship_kind"),
    path("relationships/<int:relationship_id>/pause/", views.relationship_pause, name="relationship_pause"),
    path("relationships/<int:relationship_id>/start/", views.relationship_activate, name="relationship_activate"),
    path("relationships/<int:relationship_id>/extend/", views.relationship_extend, name="relationship_extend"),
    path("relationships/<int:relationship_id>/end/", views.relationship_end, name="relationship_end"),
    path("relationships/<int:relationship_id>/undo-ending/", views.relationship_undo_end, name="relationship_undo_end"),
    path("relationships/<int:relationship_id>/goals/new/", views.goal_create, name="goal_create"),
    path("goals/<int:goal_id>/edit/", views.goal_edit, name="goal_edit"),
    path("goals/<int:goal_id>/steps/new/", views.step_create, name="step_create"),
    path("steps/<int:step_id>/edit/", views.step_edit, name="step_edit"),
    path("steps/<int:step_id>/tick/", views.step_tick, name="step_tick"),
    path("relationships/<int:relationship_id>/check-ins/new/", views.check_in_create, name="check_in_create"),
    path("check-ins/<int:check_in_id>/", views.check_in_detail, name="check_in_detail"),
    path(
        "relationships/<int:relationship_id>/feedback/new/",
        views.client_feedback_create,
        name="client_feedback_create",
    ),
    path("feedback/", views.client_feedback_list, name="client_feedback_list"),
    path("feedback/<int:feedback_id>/read/", views.client_feedback_read, name="client_feedback_read"),
    path("relationships/<int:relationship_id>/reviews/<str:kind>/", views.review_create, name="review_create"),
    path("reviews/<int:review_id>/", views.review_detail, name="review_detail"),
    path("case-studies/", views.case_study_list, name="case_study_list"),
    path("relationships/<int:relationship_id>/stage/", views.relationship_stage, name="relationship_stage"),
    path("programmes/<int:programme_id>/process/", views.programme_process, name="programme_process"),
    path("case-studies/<int:ending_id>/review/", views.case_study_review, name="case_study_review"),
    # A coach leaving or taking a break: one view, two addresses.
    path("coaches/<int:coach_id>/leaving/", away_views.coach_away, {"kind": "leaving"}, name="coach_leaving"),
    path("coaches/<int:coach_id>/break/", away_views.coach_away, {"kind": "break"}, name="coach_break"),
]
