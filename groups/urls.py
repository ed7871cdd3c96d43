from django.urls import path

from . import views

app_name = "groups"

urlpatterns = [
    path("groups/", views.group_list, name="group_list"),
    path("groups/new/", views.group_create, name="group_create"),
    path("groups/<int:group_id>/", views.group_detail, name="group_detail"),
    path("groups/<int:group_id>/members/new/", views.member_add, name="member_add"),
    path("groups/<int:group_id>/members/<int:member_id>/remove/", views.member_remove, name="member_remove"),
    path("groups/<int:group_id>/schedule/", views.schedule, name="schedule"),
    path("groups/<int:group_id>/rules/", views.rules_accept, name="rules_accept"),
    path("groups/<int:group_id>/end/", views.series_end, name="series_end"),
    path("groups/<int:group_id>/summary.pdf", views.series_summary_pdf, name="series_summary_pdf"),
    path("group-sessions/<int:session_id>/", views.session_record, name="session_record"),
    path("groups/pool/", views.pool_index, name="pool_index"),
    path("groups/pool/<int:programme_id>/", views.pool_detail, name="pool_detail"),
    path("groups/pool/<int:programme_id>/join/", views.join_request_create, name="join_request_create"),
    path("groups/pool/requests/<int:request_id>/withdraw/", views.join_request_withdraw, name="join_request_withdraw"),
]
