"""Which address a request counts as coming from, for throttling."""

from django.test import RequestFactory

from throttling.clients import client_address


def _request(remote="203.0.113.9", forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/en/", **headers)


def test_without_proxies_the_connecting_address_is_the_client(settings):
    settings.PROXY_COUNT = 0
    assert client_address(_request(forwarded="198.51.100.7")) == "203.0.113.9"


def test_behind_one_proxy_the_last_forwarded_hop_is_the_client(settings):
    settings.PROXY_COUNT = 1
    # The client forged the first entry; only the proxy's own append is trusted.
    assert client_address(_request(forwarded="1.2.3.4, 198.51.100.7")) == "198.51.100.7"


def test_behind_two_proxies_the_second_hop_from_the_right_is_the_client(settings):
    settings.PROXY_COUNT = 2
    forwarded = "1.2.3.4, 198.51.100.7, 10.0.0.5"
    assert client_address(_request(forwarded=forwarded)) == "198.51.100.7"


def test_a_missing_header_behind_a_proxy_falls_back_to_the_connection(settings):
    settings.PROXY_COUNT = 1
    assert client_address(_request()) == "203.0.113.9"
