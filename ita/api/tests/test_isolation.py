"""The API is no side door (issue 13): a token of agency B's officer reads none of agency A's
private data — every endpoint, list and detail, answers it exactly what it answers anyone
anonymous (A's published things, nothing more), and the private-only one is 404. A's own
officer, on the same URLs, does read the private data: the comparison could fail."""

from __future__ import annotations

import pytest

from ita.api.tests.conftest import OWN, bearer

pytestmark = pytest.mark.django_db

# every endpoint that reads an agency's data, lists and details (the agencies' own
# names, places and the frameworks are public and the same for everyone)
PATHS = [
    f"/api/v1/agencies/{OWN}/results",
    f"/api/v1/agencies/{OWN}/results/2565",
    f"/api/v1/agencies/{OWN}/results/2564",
    f"/api/v1/agencies/{OWN}/disclosure",
    f"/api/v1/agencies/{OWN}/disclosure/2566",
    f"/api/v1/agencies/{OWN}/analyses",
    f"/api/v1/agencies/{OWN}/analyses/2565",
    f"/api/v1/agencies/{OWN}/analyses/2565/progress",
    f"/api/v1/agencies/{OWN}/analyses/2564",
    "/api/v1/agencies/",
    f"/api/v1/agencies/{OWN}",
]


def answer(client, path, token=None):
    response = client.get(path, **(bearer(token) if token else {}))
    return response.status_code, response.json()


def test_a_foreign_token_reads_only_what_is_public(api, tokens, private, world):
    # a private result of A that is not published, an unpublished plan of 2564
    from ita.improvement import actions as improvement

    improvement.start_analysis(acting_user=world.officer, agency=world.own, fiscal_year=2564)
    differs = []
    for path in PATHS:
        public = answer(api, path)
        assert answer(api, path, tokens["foreign"]) == public, path
        if answer(api, path, tokens["officer"]) != public:
            differs.append(path)
    # A's officer does read more where A has private data: the unpublished year, the OIT
    # items' working state, the unpublished plan, the live progress
    assert differs == [PATHS[0], PATHS[2], PATHS[4], PATHS[5], PATHS[7], PATHS[8]]


def test_the_private_only_endpoint_is_404_to_a_foreign_token(api, tokens, wave, world):
    path = f"/api/v1/agencies/{OWN}/surveys"
    status, body = answer(api, path, tokens["foreign"])
    assert status == 404 and body["detail"] == "ไม่พบหน่วยงาน"
    assert (
        answer(api, path, tokens["foreign"])[1]
        == answer(api, "/api/v1/agencies/NONE/surveys", tokens["foreign"])[1]
    )
    assert answer(api, path, tokens["officer"])[0] == 200
    # and with year filters, the list of A's waves never reaches B
    assert answer(api, path + "?year=2566", tokens["foreign"])[0] == 404


def test_a_coordinator_and_the_national_admin_read_as_the_pages_let_them(
    api, tokens, world, wave, private
):
    from ita.api.tests.conftest import token_for

    coordinator = token_for(world.coordinator)  # A's province
    assert answer(api, f"/api/v1/agencies/{OWN}/surveys", coordinator)[0] == 200
    assert answer(api, f"/api/v1/agencies/{OWN}/surveys", tokens["national"])[0] == 200
    assert answer(api, f"/api/v1/agencies/{OWN}/results", coordinator)[1]["count"] == 2
    nobody = token_for(world.nobody)  # a user with no role: anonymous in effect
    assert answer(api, f"/api/v1/agencies/{OWN}/results", nobody) == answer(
        api, f"/api/v1/agencies/{OWN}/results"
    )
    assert answer(api, f"/api/v1/agencies/{OWN}/surveys", nobody)[0] == 404
