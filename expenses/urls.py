from django.urls import path

from . import views

app_name = "expenses"

urlpatterns = [
    path("expenses/", views.mine, name="mine"),
    path("expenses/new/", views.new_claim, name="new_claim"),
    path("expenses/mileage/new/", views.new_mileage, name="new_mileage"),
    path("expenses/claims/<int:claim_id>/", views.claim_page, name="claim"),
    path("expenses/claims/<int:claim_id>/edit/", views.edit_claim, name="edit_claim"),
    path("expenses/claims/<int:claim_id>/submit/", views.submit, name="submit"),
    path("expenses/claims/<int:claim_id>/receipt/", views.receipt, name="receipt"),
    path("expenses/claims/<int:claim_id>/approve/", views.approve, name="approve"),
    path("expenses/claims/<int:claim_id>/reject/", views.reject, name="reject"),
    path("expenses/claims/<int:claim_id>/pay/", views.pay, name="pay"),
    path("expenses/claims/<int:claim_id>/reverse/", views.reverse_claim, name="reverse"),
    path("expenses/queue/", views.queue, name="queue"),
    path("expenses/export/", views.export, name="export"),
    path("expenses/programmes/", views.programmes, name="programmes"),
    path("expenses/programmes/<int:programme_id>/", views.programme_rules, name="programme_rules"),
    path("expenses/mileage-rates/", views.mileage_rates, name="mileage_rates"),
    path("expenses/advances/", views.advances, name="advances"),
    path("expenses/advances/new/", views.advance_new, name="advance_new"),
    path("expenses/advances/<int:advance_id>/", views.advance_page, name="advance"),
]
