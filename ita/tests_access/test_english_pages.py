"""Issue 13: every page, opened in English by every persona who may open it, holds no Thai
outside data. The permission matrix builds each page's objects; the page's visible text (not
scripts, not what is marked lang="th") is taken, and what is data (names, the framework's
texts, what the users typed) is taken out of it; what Thai is left is an untranslated label,
message, help text or choice."""

from __future__ import annotations

import os
import re

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from lxml import html as lxml_html

from ita.public.tests.matrix import publish_all
from ita.tests_access.test_permission_matrix import MATRIX, PERSONAS, Objects

pytestmark = pytest.mark.django_db
THAI = re.compile(r"[\u0E00-\u0E7F][\u0E00-\u0E7F\s\d.,:()“”\"'/–-]*")
# ITA_ENGLISH_PROBE=<file>: write what each page still shows in Thai, and pass (to work on it)
PROBE = os.environ.get("ITA_ENGLISH_PROBE")
# an English word run into Thai: a translation that lost the space the Thai did not need
GLUED = re.compile(r"[A-Za-z][\u0E00-\u0E7F]|[\u0E00-\u0E7F][A-Za-z]")
# Thai by design, whatever the reader's language: the agency's OIT disclosure page, standalone
# and embedded in its own website, is its publication to Thai citizens, like the documents.
THAI_BY_DESIGN = {"disclosure:page", "public:disclosure_embed"}


def visible_texts(content: bytes) -> list[str]:
    tree = lxml_html.fromstring(content)
    for el in tree.xpath("//script|//style|//template|//*[@lang='th']|//head"):
        if el.getparent() is None:  # the whole page in Thai
            return ["<html lang=th>"]
        el.drop_tree()
    texts = [t.strip() for t in tree.itertext()]
    texts += tree.xpath(
        "//input/@placeholder|//input[@type='submit']/@value|//@title|//@aria-label"
    )
    return [t for t in texts if t and THAI.search(t)]


def stored_texts(thai_only: bool = True) -> list[str]:
    """Every Thai text the database holds (each text and JSON field of every row): data, as
    opposed to the interface. Longest first, so that a name goes before its parts."""
    from django.apps import apps
    from django.db import models

    found: set[str] = set()

    def leaves(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for v in value.values():
                yield from leaves(v)
        elif isinstance(value, list):
            for v in value:
                yield from leaves(v)

    for model in apps.get_models():
        fields = [f.attname for f in model._meta.concrete_fields
                  if isinstance(f, (models.CharField, models.TextField, models.JSONField,
                                    models.FileField))]  # fmt: skip
        if not fields:
            continue
        for row in model._default_manager.values_list(*fields):
            for value in row:
                for text in leaves(value):
                    for part in (text, *text.splitlines(), text.rsplit("/", 1)[-1]):
                        if part.strip() and (THAI.search(part) or not thai_only):
                            found.add(part.strip())
    from ita.oversight.rules import short_name  # the dashboard's อบต./ทม. abbreviations

    found |= {short_name(t) for t in found}
    return sorted(found, key=len, reverse=True)


def test_every_page_in_english_has_no_thai_label(
    world, other_division, django_user_model, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    o = Objects(world, other_division, django_user_model)
    publish_all(o)
    found: dict[str, set[str]] = {}
    for name, entry in MATRIX.items():
        if entry.get is None or name in THAI_BY_DESIGN:
            continue
        entry.given(o)
        data = stored_texts()
        for persona in PERSONAS:
            if entry.get[persona] != 200:
                continue
            client = Client(HTTP_ACCEPT_LANGUAGE="en")
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
            if o.users[persona] is not None:
                client.force_login(o.users[persona])
            try:
                url = reverse(name, args=entry.args(o, persona))
            except Exception as exc:
                found.setdefault(name, set()).add(f"!args {exc}")
                continue
            with transaction.atomic():
                response = client.get(url)
                transaction.set_rollback(True)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            for text in visible_texts(response.content):
                rest = text
                for datum in data:
                    rest = rest.replace(datum, " ")
                if GLUED.search(text):
                    found.setdefault(name, set()).add(f"(no space) {text[:100]}")
                if THAI.search(rest):
                    found.setdefault(name, set()).add(f"{rest.strip()[:100]}   <<< {text[:80]}")
    report = "".join(
        f"## {name}\n" + "".join(f"  {t}\n" for t in sorted(texts))
        for name, texts in sorted(found.items())
    )
    if PROBE:
        with open(PROBE, "w") as out:
            out.write(report)
        return
    assert found == {}, report
