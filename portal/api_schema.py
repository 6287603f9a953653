"""OpenAPI schema hooks."""


def only_passerelle_api(endpoints):
    """Document our API only, not the Wagtail admin's internal one."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/")]
