from ita.lib.checks import DEV_KEY, secret_key_is_set


def test_deployment_check_refuses_the_development_key(settings):
    settings.SECRET_KEY = DEV_KEY
    assert [e.id for e in secret_key_is_set(None)] == ["ita.E001"]
    settings.SECRET_KEY = "a-real-key-from-the-environment-0123456789"
    assert secret_key_is_set(None) == []
