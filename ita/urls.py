from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from ita.accounts.urls import auth_urlpatterns
from ita.api.api import api
from ita.api.views import index as api_index
from ita.api.views import not_found as api_not_found
from ita.ops.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),  # load balancers and monitoring (ita/ops/health.py)
    path("i18n/", include("django.conf.urls.i18n")),  # set_language: the Thai/English switch
    # the scripts' words (charts, the survey's status lines) in the page's language
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript_catalog"),
    path("accounts/", include(auth_urlpatterns)),
    path("accounts/", include("ita.accounts.urls")),
    path("accounts/me/tokens/", include("ita.api.urls")),  # the user's own API tokens
    path("api/v1/", api_index, name="api_index"),  # JSON, not ninja's HTML 404 at its root
    path("api/v1/", api.urls),  # REST API (ita/api, docs/api.md)
    path("api/v1/<path:rest>", api_not_found, name="api_not_found"),  # JSON, never an HTML 404
    path("admin/", admin.site.urls),
    path("surveys/", include("ita.surveys.urls")),
    path("disclosure/", include("ita.disclosure.urls")),
    path("improvement/", include("ita.improvement.urls")),
    path("documents/", include("ita.documents.urls")),
    path("documents/d/", include("ita.documents.downloads")),
    path("frameworks/", include("ita.agencies.framework_urls")),
    path("oversight/", include("ita.oversight.urls")),
    path("public/", include("ita.public.urls")),
    path("work/", include("ita.work.urls")),
    path("", include("ita.assessments.urls")),
]
