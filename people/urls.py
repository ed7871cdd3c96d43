from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("clients/", views.client_list, name="client_list"),
    path("clients/self-referrals/", views.self_referral_list, name="self_referral_list"),
    path("clients/self-referrals/<int:referral_id>/", views.self_referral_detail, name="self_referral_detail"),
    path("clients/self-referrals/<int:referral_id>/accept/", views.self_referral_accept, name="self_referral_accept"),
    path(
        "clients/self-referrals/<int:referral_id>/decline/", views.self_referral_decline, name="self_referral_decline"
    ),
    path("clients/<int:client_id>/consents/new/", views.consent_create, name="consent_create"),
    path("consents/<int:consent_id>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("clients/<int:client_id>/professionals/new/", views.professional_create, name="professional_create"),
    path("professionals/<int:professional_id>/edit/", views.professional_edit, name="professional_edit"),
    path("clients/<int:client_id>/agency-meetings/new/", views.agency_meeting_create, name="agency_meeting_create"),
    # The public self-referral form of a programme: anyone may open it.
    path("refer/<slug:slug>/<int:programme_id>/", views.self_refer, name="self_refer"),
    path("refer/<slug:slug>/<int:programme_id>/thanks/", views.self_refer_thanks, name="self_refer_thanks"),
    path("clients/new/", views.client_create, name="client_create"),
    path("clients/<int:client_id>/", views.client_detail, name="client_detail"),
    path("clients/<int:client_id>/edit/", views.client_edit, name="client_edit"),
    # Archive, not delete: the names stay as they were so links elsewhere keep working.
    path("clients/<int:client_id>/archive/", views.client_delete, name="client_delete"),
    path("clients/<int:client_id>/restore/", views.client_restore, name="client_restore"),
    path("clients/<int:client_id>/withdraw/", views.client_withdraw, name="client_withdraw"),
    path("clients/<int:client_id>/waiting-list/", views.client_rejoin, name="client_rejoin"),
    path("clients/<int:person_id>/sign-in/", views.person_sign_in, {"kind": "client"}, name="client_sign_in"),
    path("clients/<int:client_id>/risk/", views.client_risk, name="client_risk"),
    path("clients/<int:client_id>/risk/new/", views.client_risk_create, name="client_risk_create"),
    path("coaches/", views.coach_list, name="coach_list"),
    path("coaches/new/", views.coach_create, name="coach_create"),
    path("coaches/<int:coach_id>/", views.coach_detail, name="coach_detail"),
    path("coaches/<int:coach_id>/edit/", views.coach_edit, name="coach_edit"),
    path("coaches/<int:coach_id>/archive/", views.coach_delete, name="coach_delete"),
    path("coaches/<int:coach_id>/restore/", views.coach_restore, name="coach_restore"),
    path("coaches/<int:coach_id>/back/", views.coach_back, name="coach_back"),
    path("coaches/<int:person_id>/sign-in/", views.person_sign_in, {"kind": "coach"}, name="coach_sign_in"),
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/new/", views.staff_create, name="staff_create"),
    path("staff/<int:staff_id>/", views.staff_detail, name="staff_detail"),
    path("staff/<int:staff_id>/edit/", views.staff_edit, name="staff_edit"),
    path("staff/<int:staff_id>/archive/", views.staff_archive, name="staff_archive"),
    path("staff/<int:staff_id>/restore/", views.staff_restore, name="staff_restore"),
]
