from django.urls import path

from . import views

app_name = "reciprocal"

urlpatterns = [
    path("peer-pairs/", views.pair_list, name="pair_list"),
    path("peer-pairs/<int:pair_id>/", views.pair_detail, name="pair_detail"),
    path("peer-pairs/<int:pair_id>/sessions/new/", views.session_create, name="session_create"),
    path("peer-sessions/<int:session_id>/edit/", views.session_edit, name="session_edit"),
    path("peer-sessions/<int:session_id>/reflection/", views.reflection, name="reflection"),
]
