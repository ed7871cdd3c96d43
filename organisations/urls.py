from django.urls import path

from . import views

app_name = "organisations"

urlpatterns = [
    path("programmes/", views.programme_list, name="programme_list"),
    path("programmes/new/", views.programme_create, name="programme_create"),
    path("programmes/<int:programme_id>/", views.programme_detail, name="programme_detail"),
    path("programmes/<int:programme_id>/edit/", views.programme_edit, name="programme_edit"),
    path("programmes/<int:programme_id>/archive/", views.programme_archive, name="programme_archive"),
    path("programmes/<int:programme_id>/restore/", views.programme_restore, name="programme_restore"),
    path("help-lines/", views.help_line_list, name="help_line_list"),
    path("help-lines/new/", views.help_line_create, name="help_line_create"),
    path("help-lines/<int:line_id>/edit/", views.help_line_edit, name="help_line_edit"),
    path("help-lines/<int:line_id>/remove/", views.help_line_remove, name="help_line_remove"),
]

from . import audit_views  # noqa: E402

urlpatterns += [path("audit/", audit_views.audit_log, name="audit_log")]
