from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("reports/dashboard/", views.dashboard, name="dashboard"),
    path("reports/", views.report_list, name="report_list"),
    path("reports/<int:report_id>/", views.report_detail, name="report_detail"),
    path("reports/<int:report_id>/download/<str:kind>/", views.report_download, name="report_download"),
    path("reports/settings/", views.report_settings, name="settings"),
]
