from django.urls import path

from . import views

app_name = "supervision"

urlpatterns = [
    path("supervision/", views.due_list, name="due_list"),
    path("supervision/away/", views.away, name="away"),
    path("supervision/coaches/<int:coach_id>/", views.coach, name="coach"),
    path("supervision/coaches/<int:coach_id>/supervisor/", views.arrangement, name="arrangement"),
    path("supervision/coaches/<int:coach_id>/sessions/new/", views.session_new, name="session_new"),
    path("supervision/coaches/<int:coach_id>/role/", views.role_change, name="role_change"),
    path("supervision/coaches/<int:coach_id>/conduct/new/", views.concern_new, name="concern_new"),
    path("supervision/coaches/<int:coach_id>/exit/", views.exit_new, name="exit_new"),
    path("supervision/conduct/<int:concern_id>/", views.concern_detail, name="concern_detail"),
    path("supervision/sessions/<int:session_id>/", views.session_detail, name="session_detail"),
    path("supervision/actions/<int:action_id>/done/", views.action_done, name="action_done"),
    path("supervision/follow-ups/<int:follow_up_id>/done/", views.follow_up_done, name="follow_up_done"),
    path("my-supervision/", views.mine, name="mine"),
    path("my-supervision/ask/", views.request_session, name="request_session"),
    path("my-supervision/log/", views.log, name="log"),
    path("my-supervision/log/<int:entry_id>/share/", views.log_share, name="log_share"),
    path("my-supervision/wellbeing/", views.wellbeing, name="wellbeing"),
]
