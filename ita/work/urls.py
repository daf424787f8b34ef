from django.urls import path

from ita.work import views

app_name = "work"
urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("queue/", views.queue, name="queue"),
    path("todo/", views.todo, name="todo"),
    path("bell/", views.bell, name="bell"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("notifications/<int:pk>/open/", views.notification_open, name="notification_open"),
    path(
        "notifications/preference/",
        views.notification_preference,
        name="notification_preference",
    ),
]
