import pytest


@pytest.mark.parametrize(
    "role", ["orgadmin", "coordinator", "supervisor", "facilitator", "coach", "client", "outsider"]
)
def test_every_role_lands_on_a_home_page(as_role, role):
    response = as_role(role).get("/")
    assert response.status_code == 200
    assert b"Hello" in response.content
