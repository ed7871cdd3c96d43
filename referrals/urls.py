from django.urls import path

from . import views

app_name = "referrals"

urlpatterns = [
    path("services/", views.service_list, name="service_list"),
    path("services/new/", views.service_create, name="service_create"),
    path("services/<int:service_id>/edit/", views.service_edit, name="service_edit"),
    path("clients/<int:client_id>/referrals/new/", views.referral_create, name="referral_create"),
    path("referrals/", views.referral_list, name="referral_list"),
    path("referrals/<int:referral_id>/", views.referral_detail, name="referral_detail"),
]
