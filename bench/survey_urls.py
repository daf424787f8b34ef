"""URLconf of the benchmark: the whole site plus a bare view that inserts one row, the
framework's own ceiling on the same gunicorn settings."""

from django.db import connection
from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt
def bare_insert(request):
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_bare (v) VALUES (1)")
    return HttpResponse("ok")


urlpatterns = [path("bench/bare/", bare_insert), path("", include("ita.urls"))]
