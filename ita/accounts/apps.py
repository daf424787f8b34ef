from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ita.accounts"
    verbose_name = "บัญชีผู้ใช้"
