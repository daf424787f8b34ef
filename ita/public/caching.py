"""What the public responses let a browser or a proxy keep, and who may frame the OIT embed.

Chosen (issue 13 audit): a public response may be stored but is revalidated on every use
(`no-cache` with an ETag or Last-Modified, answered 304 when unchanged), so an agency's
withdrawal takes effect at the next view everywhere; a fixed max-age would let a proxy serve a
withdrawn page for that long. The OIT page with the site's navigation carries the language
form's CSRF cookie, so it is `private`: a shared cache must never hand one visitor's cookie to
another. The embed and the open-data files set no cookie and are `public`; the embed varies
on Cookie because its language follows the language cookie (an agency's iframe sends none)."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urlsplit

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control

SHARED = {"public": True, "no_cache": True}
PERSONAL = {"private": True, "no_cache": True}
ANY_SITE = "*"
_ORIGIN = re.compile(r"^https?://[a-z0-9.-]+(:[0-9]{1,5})?$")


def frame_ancestor(website: str) -> str:
    """The CSP source allowed to frame an agency's embed: its website's origin, or any site
    when no website is on record (the page is read-only links, nothing to trick a click into;
    refusing every site would break the embed of an agency whose website was never entered)."""
    parts = urlsplit(website.strip())
    origin = f"{parts.scheme}://{parts.netloc}".lower()
    return origin if _ORIGIN.match(origin) else ANY_SITE


def conditional_file(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """An open-data file with an ETag of its bytes: a client holding it gets a 304."""
    etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
    response["ETag"] = etag
    patch_cache_control(response, **SHARED)
    return get_conditional_response(request, etag=etag, response=response)
