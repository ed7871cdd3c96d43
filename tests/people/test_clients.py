from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from core.exceptions import StaleEditError
from core.models import AuditEntry
from people import services
from people.models import Client
from tests.factories import ClientFactory

pytestmark = pytest.mark.usefixtures("scoped")  # each body runs in the world's organisation


def _valid_client_data(world, **overrides):
    today = timezone.localdate().isoformat()
    data = {
        "first_name": "Stacey",
        "last_name": "Moran",
        "programme": world.programme.pk,
        "referral_source": "housing",
        "referral_date": today,
        "consent_given_on": today,
        "language": "English",
        "preferred_channels": ["phone"],
    }
    data.update(overrides)
    return data


def test_coordinator_adds_a_client_and_it_is_audited(as_role, world):
    response = as_role("coordinator").post("/clients/new/", _valid_client_data(world))
    assert response.status_code == 302
    client = Client.objects.get(first_name="Stacey")
    assert client.organisation == world.org
    assert client.preferred_channels == ["phone"]
    assert AuditEntry.objects.filter(action="people.client.created", object_id=str(client.pk)).exists()


@pytest.mark.parametrize(
    "overrides,field,message",
    [
        ({"first_name": ""}, "first_name", "This field is required"),
        ({"referral_date": "not a date"}, "referral_date", "Enter a valid date"),
        ({"referral_date": "2999-01-01"}, "referral_date", "cannot be in the future"),
        ({"consent_given_on": ""}, "consent_given_on", "This field is required"),
        ({"date_of_birth": "2999-01-01"}, "date_of_birth", "cannot be in the future"),
        ({"hopes": "x" * 5000}, "hopes", "at most 2000 characters"),
        ({"first_name": "x" * 500}, "first_name", "at most 80 characters"),
        ({"phone": "call me maybe"}, "phone", "Enter a phone number"),
        ({"programme": "999999"}, "programme", "Select a valid choice"),
        ({"preferred_channels": ["pigeon"]}, "preferred_channels", "Select a valid choice"),
        ({"email": "not-an-email"}, "email", "Enter a valid email address"),
    ],
)
def test_bad_input_gets_a_message_beside_the_field_and_nothing_is_saved(as_role, world, overrides, field, message):
    before = Client.objects.count()
    response = as_role("coordinator").post("/clients/new/", _valid_client_data(world, **overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field])
    assert f'id="id_{field}' in response.content.decode() or field == "preferred_channels"
    assert Client.objects.count() == before


def test_another_organisations_programme_cannot_be_chosen(as_role, world):
    response = as_role("coordinator").post(
        "/clients/new/", _valid_client_data(world, programme=world.outsider_programme.pk)
    )
    assert "programme" in response.context["form"].errors


def test_second_of_two_simultaneous_edits_is_refused(world):
    first = Client.objects.get(pk=world.client.pk)
    second = Client.objects.get(pk=world.client.pk)
    services.client_update(client=first, expected_version=first.version, area="Gorton")
    with pytest.raises(StaleEditError):
        services.client_update(client=second, expected_version=second.version, area="Hulme")
    assert Client.objects.get(pk=world.client.pk).area == "Gorton"


def test_stale_edit_in_the_browser_form_shows_a_clear_message(as_role, world):
    client = as_role("coordinator")
    data = _valid_client_data(world, version=world.client.version, first_name="Jade", last_name="Wilson")
    services.client_update(client=world.client, expected_version=world.client.version, area="Elsewhere")
    response = client.post(f"/clients/{world.client.pk}/edit/", data)
    assert response.status_code == 200
    assert "Someone else changed this record" in response.content.decode()
    assert Client.objects.get(pk=world.client.pk).area == "Elsewhere"


def test_coach_sees_only_what_they_need(as_role, world):
    page = as_role("coach").get(f"/clients/{world.client.pk}/").content.decode()
    assert "Rent arrears" in page
    assert "Staff-only note" not in page
    assert "Referred by" not in page
    assert "Date of birth" not in page


def test_client_sees_their_own_record_without_staff_notes(as_role, world):
    page = as_role("client").get(f"/clients/{world.client.pk}/").content.decode()
    assert "The details we keep about you" in page
    assert "Staff-only note" not in page


def test_coach_cannot_open_someone_elses_client(as_role, world):
    assert as_role("coach").get(f"/clients/{world.other_client.pk}/").status_code == 404
    assert as_role("client").get(f"/clients/{world.other_client.pk}/").status_code == 404


def test_coach_list_shows_only_their_own_clients(as_role, world):
    page = as_role("coach").get("/clients/")
    names = [c.first_name for c in page.context["page"]]
    assert names == ["Jade"]


def test_search_and_filter(as_role, world):
    client = as_role("coordinator")
    assert [c.first_name for c in client.get("/clients/", {"q": "jade wil"}).context["page"]] == ["Jade"]
    assert client.get("/clients/", {"q": "nobody-like-this"}).context["page"].paginator.count == 0
    response = client.get("/clients/", {"status": "waiting", "programme": world.programme.pk})
    assert all(c.status == "waiting" for c in response.context["page"])


def test_search_answers_htmx_with_just_the_results(as_role, world):
    response = as_role("coordinator").get("/clients/", {"q": "Jade"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert 'id="results"' in body and "<html" not in body


def test_client_list_query_count_does_not_grow_with_records(as_role, world, django_assert_max_num_queries):
    client = as_role("coordinator")
    for _ in range(30):
        ClientFactory(organisation=world.org, programme=world.programme)
    with django_assert_max_num_queries(12):
        assert client.get("/clients/").status_code == 200


def test_client_page_shows_their_history(as_role, world):
    services.client_update(client=world.client, expected_version=world.client.version, area="Gorton")
    page = as_role("coordinator").get(f"/clients/{world.client.pk}/").content.decode()
    assert "History" in page and "changed" in page


def test_giving_a_client_a_sign_in_emails_a_password_link(
    as_role, world, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_role("coordinator").post(
            f"/clients/{world.other_client.pk}/sign-in/", {"username": "daniel.hughes"}
        )
    assert response.status_code == 302
    world.other_client.refresh_from_db()
    assert world.other_client.user.username == "daniel.hughes"
    assert world.other_client.user.role == "client"
    assert not world.other_client.user.has_usable_password()
    assert "/accounts/reset/" in mailoutbox[0].body


def test_referral_date_defaults_are_dates_not_datetimes(world):
    assert isinstance(world.client.referral_date, datetime.date)
