"""No 500 from input (issue 10): every form and every query parameter, posted random values.

For each URL name of the permission matrix (test_permission_matrix.MATRIX) whose POST is an
action, a persona who may use it opens the page, the test reads the names of the form's fields
(input, select, textarea of each form that posts to the page itself) and of the matrix's valid
payload, and hypothesis posts values built to break parsers: any Unicode text but surrogates,
digits of every script (Thai, Lao, Arabic-Indic, Persian, Devanagari, Bengali, Khmer, Myanmar,
full-width, mathematical, superscripts), signs and exponents, huge and empty strings, NUL bytes,
lists where one value is expected, files of random bytes; half the time on top of the valid
payload, so the values reach the action and not only the form. For each page whose view reads
`request.GET` (or renders a GET form), the same for its query parameters.

Every response must be below 500, and a page shown back (200 or 4xx, HTML) must be Thai. Each
request runs in a savepoint rolled back afterwards. A URL name that takes POST and is not
covered fails the suite (like the matrix's own guard). Examples are derandomized: CI runs the
same ones each time."""

from __future__ import annotations

import inspect
import re
from html.parser import HTMLParser
from http.cookies import SimpleCookie

import pytest
from django import forms
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, include, path, resolve, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ita.surveys import ratelimit
from ita.tests_access.test_permission_matrix import (
    ANON,
    MATRIX,
    NATIONAL,
    OFFICER,
    PERSONAS,
    RESPONDENT,
    Entry,
    Objects,
    R,
)

pytestmark = pytest.mark.django_db

THAI = re.compile(r"[\u0e01-\u0e5b]")
EXAMPLES = 15  # per URL and method; the whole file stays within about 90 s on SQLite
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)

# --- values -----------------------------------------------------------------------------------

DIGITS = (
    "0123456789"
    "๐๑๒๓๔๕๖๗๘๙"  # Thai
    "໐໑໒໓໔໕໖໗໘໙"  # Lao
    "٠١٢٣٤٥٦٧٨٩"  # Arabic-Indic
    "۰۱۲۳۴۵۶۷۸۹"  # Persian
    "०१२३४५६७८९"  # Devanagari
    "০১২৩৪৫৬৭৮৯"  # Bengali
    "០១២៣៤៥៦៧៨៩"  # Khmer
    "၀၁၂၃၄၅၆၇၈၉"  # Myanmar
    "０１２３４５６７８９"  # full-width
    "𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗"  # mathematical bold
    "⁰¹²³⁴⁵⁶⁷⁸⁹₀₁₂₃"  # super- and subscripts (isdigit, not isdecimal)
    "½¾⅓Ⅻ⑩"  # numeric, not digits
)
NUMBERISH = st.text(alphabet=DIGITS + "-+.,/:eE _%", max_size=14)
ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
EDGES = st.sampled_from(
    [
        "", " ", "-1", "-0", "0", "-99999999999999999999999", "99999999999999999999999",
        "1e309", "NaN", "inf", "-inf", "0x1F", "1_000", "๒๕๖๖", "-๑", "๓๑/๐๒/๒๕๖๖",
        "31/02/2566", "29/02/2567", "2566-13-45", "0/0/0", "99/99/99999", "\x00", "a\x00b",
        "\ufeff", "\u200b", "'; DROP TABLE x; --", "<script>alert(1)</script>", "../../etc/passwd",
        "%00", "\r\n", "ก" * 5000, "9" * 400, "9" * 5000, "x" * 100_000,
    ]
)  # fmt: skip
NUL = ANY_TEXT.map(lambda text: f"{text}\x00{text}")  # PostgreSQL refuses NUL in text
JUNK = st.one_of(ANY_TEXT, NUMBERISH, EDGES, NUL, st.integers(-(10**20), 10**20).map(str))


def value_of(field: Field):
    choices = st.sampled_from(field.options) if field.options else JUNK
    if field.kind == "file":
        return st.builds(
            SimpleUploadedFile,
            st.one_of(ANY_TEXT, st.sampled_from(["ผล.csv", "a.xlsx", "x.pdf", ""])).map(
                lambda n: (n.replace("\x00", "") or "f")[:80]
            ),
            st.binary(max_size=300),
        )
    one = st.one_of(choices, JUNK)
    return st.one_of(one, st.lists(one, max_size=3))


# --- the forms of a page ------------------------------------------------------------------------


class Field:
    def __init__(self, name: str, kind: str):
        self.name, self.kind, self.options = name, kind, []


class Forms(HTMLParser):
    """The fields of the forms of a page, by method, of the forms that submit to `path`."""

    def __init__(self, path: str):
        super().__init__()
        self.path, self.form, self.select = path, None, None
        self.fields: dict[str, dict[str, Field]] = {"get": {}, "post": {}}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            method = (a.get("method") or "get").lower()
            action = a.get("action") or self.path
            self.form = self.fields.get(method) if action.split("?")[0] == self.path else None
        elif self.form is not None and tag in ("input", "select", "textarea", "button"):
            name = a.get("name")
            if not name or name == "csrfmiddlewaretoken":
                return
            kind = (a.get("type") or tag).lower()
            field = self.form.setdefault(name, Field(name, kind))
            if kind in ("radio", "checkbox", "hidden", "submit") or tag == "button":
                field.options.append(a.get("value") or "on")
            self.select = field if tag == "select" else None
        elif tag == "option" and self.select is not None and self.form is not None:
            self.select.options.append(a.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None


def forms_of(client: Client, url: str) -> dict[str, dict[str, Field]]:
    response = client.get(url)
    parser = Forms(url)
    if response.status_code == 200 and not response.streaming:
        parser.feed(response.content.decode(errors="replace"))
    return parser.fields


def fields_read_by(url: str, method: str) -> dict[str, Field]:
    """What the view's own source reads from request.GET or request.POST: the names it gets
    (`.get("x")`, `["x"]`, `.getlist("x")`), and the fields of each form class it binds to the
    data (`SomeForm(request.POST…)`), with their choices."""
    view = inspect.unwrap(resolve(url).func)
    view = getattr(view, "view_class", view)
    try:
        source = inspect.getsource(view)
    except (OSError, TypeError):
        return {}
    fields = {}
    for name in re.findall(
        rf"""request\.{method}(?:\.get\(|\.getlist\(|\[)\s*["'](\w+)["']""", source
    ):
        fields[name] = Field(name, "text")
    module = inspect.getmodule(view)
    for form_name in re.findall(rf"(\w+)\(\s*request\.{method}\b", source):
        form_class = getattr(module, form_name, None)
        for name, form_field in getattr(form_class, "base_fields", {}).items():
            field = fields.setdefault(name, Field(name, "text"))
            if isinstance(form_field, forms.FileField):
                field.kind = "file"
            elif isinstance(form_field, forms.ChoiceField) and not isinstance(
                form_field, forms.ModelChoiceField
            ):
                field.options += [
                    str(v) for v, label in form_field.choices if isinstance(label, str)
                ]
    return fields


# --- personas and requests ---------------------------------------------------------------------

# The persona who may use each action; otherwise the first of the order below the matrix allows.
CHOSEN = {"surveys:respond_iit": RESPONDENT}
ORDER = (OFFICER, NATIONAL, *[p for p in PERSONAS if p not in (OFFICER, NATIONAL)])


def persona_for(name: str, statuses: dict, get: dict | None) -> str:
    if name in CHOSEN:
        return CHOSEN[name]
    if get and get[ANON] == 200 and statuses[ANON] not in (404, 405):
        return ANON  # a public form (login, password reset, a survey): as the public uses it
    return next(p for p in ORDER if statuses[p] not in (404, 405))


def _reset_link(o, persona):
    """A valid password-reset link of the officer: the view swaps the token for a session."""
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    user = o.w.officer
    return [urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)]


# POST actions the matrix walks with GET only (its link has no valid token there).
FUZZ_ONLY = {
    "password_reset_confirm": Entry(
        args=_reset_link, get=R(200, anon=200), post=R(200, anon=200),
        data=lambda o: {"new_password1": "ขอบฟ้า-2566-ยาว", "new_password2": "ขอบฟ้า-2566-ยาว"},
    ),
}  # fmt: skip
ENTRIES = MATRIX | FUZZ_ONLY
# a URL that refuses POST to everyone (405, e.g. /healthz) reads no field: nothing to fuzz
POSTS = sorted(
    n for n, e in ENTRIES.items() if e.post is not None and set(e.post.values()) != {405}
)
GETS = sorted(n for n, e in MATRIX.items() if e.get is not None)


@pytest.fixture
def o(world, other_division, django_user_model, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    return Objects(world, other_division, django_user_model)


def client_of(o, persona: str) -> Client:
    client = Client()
    if o.users[persona] is not None:
        client.force_login(o.users[persona])
    return client


def check(response, what: str) -> None:
    assert response.status_code < 500, f"{what}: {response.status_code}"
    if response.status_code in (200,) or 400 <= response.status_code < 500:
        if response.streaming or "html" not in response.get("Content-Type", ""):
            return
        body = response.content.decode(errors="replace")
        assert THAI.search(body), f"{what}: {response.status_code} page without Thai: {body[:300]}"


FREE = ("text", "textarea", "email", "url", "search", "number", "date", "password", "tel")


def payloads(fields: dict[str, Field]):
    """Three kinds, alike often: any subset of the fields with random values; the valid
    payload with one free-text field (a comment, a title, a date) replaced, so that the value
    reaches the action and the database; the valid payload with a random subset replaced."""
    names = sorted(fields)
    free = [n for n in names if fields[n].kind in FREE] or names
    subset = st.fixed_dictionaries({}, optional={n: value_of(fields[n]) for n in names})
    one_field = st.sampled_from(free).flatmap(lambda n: value_of(fields[n]).map(lambda v: {n: v}))
    return st.one_of(
        st.tuples(st.just(False), subset),
        st.tuples(st.just(True), one_field),
        st.tuples(st.just(True), subset),
    )


def fuzz(client: Client, send, fields: dict[str, Field], base, what: str) -> None:
    """Posts (or gets) random values of `fields`, alone or on top of the valid `base()`."""
    cookies = SimpleCookie(client.cookies.output(header="", sep=";"))
    # and two names no form has: a view must ignore what it does not read (a button's form
    # sends nothing else)
    fields = {"next": Field("next", "text"), "zz": Field("zz", "text")} | fields

    @FUZZ
    @given(payload=payloads(fields))
    def one(payload):
        on_top, chosen = payload
        client.cookies = SimpleCookie(cookies.output(header="", sep=";"))  # a logout ends it
        caches[ratelimit.cache_alias()].clear()  # the same examples meet the same limits
        data = (base() if on_top else {}) | chosen
        with transaction.atomic():
            response = send(data)
            transaction.set_rollback(True)
        check(response, f"{what} {sorted(chosen)}")

    one()


# --- the tests ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", POSTS)
def test_random_posts_never_answer_500(o, name):
    entry = ENTRIES[name]
    entry.given(o)
    persona = persona_for(name, entry.post, entry.get)
    url = reverse(name, args=entry.args(o, persona))
    client = client_of(o, persona)
    if name == "password_reset_confirm":
        url = client.get(url)["Location"]  # …/set-password/, the token now in the session
    fields = fields_read_by(url, "POST") | forms_of(client, url)["post"]
    base = entry.data(o)  # builds what the payload names, outside the savepoints
    for key in base:
        fields.setdefault(key, Field(key, "file" if hasattr(base[key], "read") else "text"))
    fuzz(client, lambda data: client.post(url, data), fields, lambda: entry.data(o), name)


@pytest.mark.parametrize("name", GETS)
def test_random_query_parameters_never_answer_500(o, name):
    entry = MATRIX[name]
    if entry.get is None:
        return
    entry.given(o)
    persona = next((p for p in ORDER if entry.get[p] == 200), None)
    if persona is None:
        return  # no one opens it with a GET (POST only, or a redirect)
    url = reverse(name, args=entry.args(o, persona))
    client = client_of(o, persona)
    fields = fields_read_by(url, "GET") | forms_of(client, url)["get"]
    if not fields:
        return
    fuzz(client, lambda data: client.get(url, data), fields, dict, f"GET {name}")


def takes_post() -> set[str]:
    """URL names whose view handles POST: a class-based view with post(), or a function whose
    source (its decorators included) names POST."""
    found = set()

    def walk(patterns, namespace=()):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, namespace + ((p.namespace,) if p.namespace else ()))
            elif isinstance(p, URLPattern) and p.name:
                yield ":".join((*namespace, p.name)), p.callback

    for name, callback in walk(get_resolver().url_patterns):
        # the admin is Django's; the API is read-only (POST is 405) and schemathesis fuzzes it
        if name.split(":")[0] in ("admin", "api"):
            continue
        view_class = getattr(callback, "view_class", None)
        if view_class is not None:
            if hasattr(view_class, "post"):
                found.add(name)
            continue
        try:
            source = inspect.getsource(inspect.unwrap(callback))
        except (OSError, TypeError):
            found.add(name)  # cannot tell: it must be covered
            continue
        if "POST" in source:
            found.add(name)
    return found


def test_every_url_that_takes_post_is_fuzzed():
    """Like the matrix's guard: a view that handles POST and whose matrix entry has no POST
    (or no entry at all) would go unfuzzed, and fails here."""
    missing = sorted(takes_post() - set(POSTS))
    assert not missing, f"URL names that take POST but are not fuzzed: {missing}"


def _posting_view(request):
    return HttpResponse(request.POST.get("x", ""))


urlpatterns = [
    path("", include("ita.urls")),
    path("fuzz-test/new-form/", _posting_view, name="new_form"),
]


def test_a_new_url_that_takes_post_is_named(settings):
    settings.ROOT_URLCONF = __name__
    with pytest.raises(AssertionError, match="not fuzzed: \\['new_form'\\]"):
        test_every_url_that_takes_post_is_fuzzed()


def test_the_field_reader_finds_names_options_and_files():
    parser = Forms("/x/")
    parser.feed(
        '<form method="post"><input name="a"><select name="s"><option value="1">'
        '<option value="2"></select><textarea name="t"></textarea><input type="file" name="f">'
        '<input type="radio" name="r" value="x"><input name="csrfmiddlewaretoken"></form>'
        '<form method="post" action="/elsewhere/"><input name="no"></form>'
        '<form><input name="q"></form>'
    )
    post = parser.fields["post"]
    assert sorted(post) == ["a", "f", "r", "s", "t"]
    assert post["s"].options == ["1", "2"] and post["f"].kind == "file"
    assert post["r"].options == ["x"] and sorted(parser.fields["get"]) == ["q"]


def test_too_many_fields_or_too_big_a_form_is_a_thai_400(client, world):
    """Django refuses more than 1,000 fields or a form body over 2.5 MB (without a file) with
    400 (SuspiciousOperation); the page said "Bad Request (400)" in English."""
    client.force_login(world.officer)
    url = reverse("login")
    many = {f"f{n}": "x" for n in range(1001)}
    big = {"username": "x" * 3_000_000, "password": "y"}
    for data in (many, big):
        response = client.post(url, data)
        assert response.status_code == 400
        assert THAI.search(response.content.decode()), response.content[:200]


def test_the_server_error_page_is_thai_on_its_own(rf):
    """Should a 500 still happen, its page is Thai; it extends nothing, so a fault in the base
    template or a context processor cannot break it too."""
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "ระบบขัดข้องชั่วคราว" in response.content.decode()
