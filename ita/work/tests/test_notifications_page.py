"""The notifications list: one's own only, opened (marked read, then to its page), all marked
read; the bell's count; the choice of delivery, a bad one refused in Thai."""

from django.urls import reverse

from ita.audit.models import AuditEvent
from ita.notifications.models import Delivery, Kind, Notification, Preference
from ita.notifications.send import notify


def tell(user, subject="แผนถูกส่งกลับ", url="/work/todo/"):
    notify([user], Kind.PLAN_RETURNED, subject, "เหตุผล: ขาดตัวชี้วัด", url)
    return Notification.objects.filter(recipient=user).latest("pk")


def test_the_list_shows_ones_own_and_the_bell_counts_the_unread(client, world):
    tell(world.officer, "ของฉัน")
    tell(world.executive, "ของผู้บริหาร")
    client.force_login(world.officer)
    html = client.get(reverse("work:notifications")).content.decode()
    assert "ของฉัน" in html and "ของผู้บริหาร" not in html
    bell = client.get(reverse("work:bell")).content.decode()
    assert 'data-testid="unread" aria-label="ยังไม่อ่าน 1 รายการ">1<' in bell
    page = client.get(reverse("home")).content.decode()
    assert reverse("work:bell") in page  # every page's navbar loads the bell


def test_opening_marks_read_and_goes_to_the_page(client, world):
    mine = tell(world.officer)
    theirs = tell(world.executive)
    client.force_login(world.officer)
    response = client.post(reverse("work:notification_open", args=[mine.pk]))
    assert response.status_code == 302 and response["Location"] == "/work/todo/"
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert client.post(reverse("work:notification_open", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert 'data-testid="no-unread"' in client.get(reverse("work:bell")).content.decode()


def test_an_outside_link_is_never_followed(client, world):
    odd = tell(world.officer, url="https://evil.example.com/")
    client.force_login(world.officer)
    response = client.post(reverse("work:notification_open", args=[odd.pk]))
    assert response["Location"] == reverse("work:notifications")


def test_mark_all_read(client, world):
    tell(world.officer)
    tell(world.officer)
    client.force_login(world.officer)
    response = client.post(reverse("work:notifications_read"), follow=True)
    assert "ทำเครื่องหมายว่าอ่านแล้ว 2 รายการ" in response.content.decode()
    assert not Notification.objects.filter(recipient=world.officer, read_at=None).exists()


def test_the_choice_is_saved_and_a_bad_one_refused_in_thai(client, world):
    client.force_login(world.officer)
    client.post(reverse("work:notification_preference"), {"delivery": "digest"})
    assert Preference.objects.get(user=world.officer).delivery == Delivery.DIGEST
    events = AuditEvent.objects.count()
    response = client.post(
        reverse("work:notification_preference"), {"delivery": "pigeon"}, follow=True
    )
    assert response.status_code == 200
    assert "กรุณาเลือกวิธีรับการแจ้งเตือนจากรายการ" in response.content.decode()
    assert Preference.objects.get(user=world.officer).delivery == Delivery.DIGEST
    assert AuditEvent.objects.count() == events


def test_list_query_budget_does_not_grow(client, world, django_assert_max_num_queries):
    tell(world.officer)
    client.force_login(world.officer)
    with django_assert_max_num_queries(8) as few:
        client.get(reverse("work:notifications"))
    for n in range(25):
        tell(world.officer, f"เรื่อง {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("work:notifications"))
