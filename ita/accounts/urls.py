from django.contrib.auth import views as auth_views
from django.urls import path

from ita.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/code/", views.login_code, name="login_code"),
    path("me/", views.me, name="me"),
    path("me/password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("me/totp/start/", views.totp_start, name="totp_start"),
    path("me/totp/confirm/", views.totp_confirm, name="totp_confirm"),
    path("me/totp/remove/", views.totp_remove, name="totp_remove"),
]

# Django's own names (password_reset, …), which its views and e-mail templates reverse.
auth_urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password-reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
