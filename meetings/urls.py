from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("relationships/<int:relationship_id>/meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/<int:meeting_id>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:meeting_id>/record/", views.meeting_record, name="meeting_record"),
    path("meetings/<int:meeting_id>/calendar.ics", views.meeting_ics, name="meeting_ics"),
    path("calendar/", views.my_calendar, name="my_calendar"),
    path("calendar/address/", views.calendar_address_issue, name="calendar_address_issue"),
    path("calendar/address/stop/", views.calendar_address_revoke, name="calendar_address_revoke"),
    path("calendar/reminders/", views.calendar_reminders, name="calendar_reminders"),
    path("calendar/<str:token>/meetings.ics", views.calendar_feed, name="calendar_feed"),
    path("meetings/<int:meeting_id>/arrived/", views.meeting_arrived, name="meeting_arrived"),
    path("meetings/<int:meeting_id>/left/", views.meeting_left, name="meeting_left"),
    path("meetings/<int:meeting_id>/help/", views.meeting_help, name="meeting_help"),
    path("meetings/<int:meeting_id>/cant-make-it/", views.meeting_cant_make_it, name="meeting_cant_make_it"),
    path("meetings/<int:meeting_id>/debrief/", views.debrief, name="debrief"),
    path("follow-ups/<int:follow_up_id>/done/", views.follow_up_done, name="follow_up_done"),
    path("alerts/", views.alert_list, name="alert_list"),
    path("alerts/<int:alert_id>/acknowledge/", views.alert_acknowledge, name="alert_acknowledge"),
    path("alerts/<int:alert_id>/resolve/", views.alert_resolve, name="alert_resolve"),
    path("on-call/", views.rota, name="rota"),
    path("on-call/shifts/", views.shift_add, name="shift_add"),
    path("on-call/escalation/", views.escalation_add, name="escalation_add"),
    path("clients/<int:client_id>/safeguarding/new/", views.concern_raise, name="concern_raise"),
    path("clients/<int:client_id>/home-address/", views.home_address, name="home_address"),
    path("safeguarding/", views.concern_list, name="concern_list"),
    path("safeguarding/<int:concern_id>/", views.concern_detail, name="concern_detail"),
    path("safeguarding/<int:concern_id>/actions/", views.concern_act, name="concern_act"),
    path("safeguarding/<int:concern_id>/close/", views.concern_close, name="concern_close"),
    path("safeguarding/leads/", views.safeguarding_leads, name="safeguarding_leads"),
    path("safeguarding/raised-by-me/", views.my_concerns, name="my_concerns"),
    path("safeguarding/raised-by-me/<int:concern_id>/", views.my_concern, name="my_concern"),
]
