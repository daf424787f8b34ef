from django.contrib import admin
from django.urls import include, path

from ita.accounts.urls import auth_urlpatterns
from ita.ops.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),  # load balancers and monitoring (ita/ops/health.py)
    path("accounts/", include(auth_urlpatterns)),
    path("accounts/", include("ita.accounts.urls")),
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
    path("work/", include("ita.work.urls")),
    path("", include("ita.assessments.urls")),
]
