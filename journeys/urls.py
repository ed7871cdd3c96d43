from django.urls import path

from . import views

app_name = "journeys"

urlpatterns = [
    path("clients/<int:client_id>/pair/", views.pair, name="pair"),
    path("relationships/<int:relationship_id>/", views.relationship_detail, name="relationship_detail"),
]
