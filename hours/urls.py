from django.urls import path

from . import views

app_name = "hours"

urlpatterns = [
    path("hours/", views.my_hours, name="my_hours"),
    path("hours/week/<str:week>/", views.week, name="week"),
    path("hours/week/<str:week>/lines/new/", views.line_add, name="line_add"),
    path("hours/week/<str:week>/submit/", views.submit, name="submit"),
    path("hours/week/<str:week>/travel/<int:meeting_id>/", views.travel, name="travel"),
    path("hours/lines/<int:line_id>/remove/", views.line_remove, name="line_remove"),
    path("hours/timesheets/<int:timesheet_id>/", views.timesheet_detail, name="timesheet_detail"),
    path("hours/timesheets/<int:timesheet_id>/approve/", views.approve, name="approve"),
    path("hours/timesheets/<int:timesheet_id>/return/", views.return_week, name="return_week"),
    path("hours/queue/", views.queue, name="queue"),
    path("hours/queue/approve-week/", views.approve_week, name="approve_week"),
    path("hours/coaches/<int:coach_id>/agreement/", views.agreement, name="agreement"),
    path("hours/absences/new/", views.absence_add, name="absence_add"),
    path("hours/coaches/<int:coach_id>/absences/new/", views.coach_absence_add, name="coach_absence_add"),
    path("hours/payroll/", views.payroll, name="payroll"),
    path("hours/payroll/<int:period_id>/", views.pay_period, name="pay_period"),
    path("hours/settings/", views.hours_settings, name="settings"),
]
