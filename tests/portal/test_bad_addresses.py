import pytest

# Every door that takes a slug, a token or a filter value from the address.
ADDRESSES = [
    "/api/v1/articles/%00/",
    "/api/v1/sections/%00/",
    "/api/v1/organizations/%00/",
    "/api/v1/parks/%00/",
    "/api/v1/industries/%00/",
    "/api/v1/jobs/%00/",
    "/api/v1/campaigns/%00/",
    "/api/v1/talent-programmes/%00/",
    "/api/v1/applications/%00aaaaaaaaaaaaaaaaaaaaaaaa/",
    "/en/parks/%00/",
    "/en/organizations/%00/",
    "/en/jobs/%00/",
    "/en/campaigns/%00/",
    "/campaigns/%00/live.json",
    "/en/news/section/%00/",
    "/en/news/2020/01/%00/",
    "/feeds/news/%00/",
    "/en/applications/%00aaaaaaaaaaaaaaaaaaaaaaaa/",
    "/en/search/?q=%00",
    "/en/organizations/?q=%00",
    "/en/news/?tag=%00",
    "/en/jobs/?city=%00",
    "/api/v1/organizations/?q=a%00b",
    "/api/v1/articles/?q=%00",
    "/api/v1/jobs/?city=%00",
]


@pytest.mark.django_db
@pytest.mark.parametrize("address", ADDRESSES)
def test_an_address_with_a_nul_byte_gets_a_400_not_a_500(client, address):
    response = client.get(address)
    assert response.status_code == 400
    assert "not allowed" in response.content.decode()


@pytest.mark.django_db
def test_an_ordinary_percent_sign_is_still_accepted(client):
    assert client.get("/en/search/?q=100%25").status_code == 200
