from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Province(models.Model):
    code = models.CharField(_("รหัส"), max_length=8, unique=True)  # ISO 3166-2:TH without "TH-"
    name = models.CharField(_("ชื่อจังหวัด"), max_length=100, unique=True)
    name_en = models.CharField(_("ชื่อภาษาอังกฤษ"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("จังหวัด")
        verbose_name_plural = _("จังหวัด")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class District(models.Model):
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="districts", verbose_name=_("จังหวัด")
    )
    name = models.CharField(_("ชื่ออำเภอ"), max_length=100)

    class Meta:
        verbose_name = _("อำเภอ")
        verbose_name_plural = _("อำเภอ")
        ordering = ["province", "name"]
        constraints = [
            models.UniqueConstraint(fields=["province", "name"], name="district_unique_name")
        ]

    def __str__(self) -> str:
        return f"อำเภอ{self.name}"


class AgencyType(models.TextChoices):
    REGIONAL_OFFICE = "regional", _("ส่วนราชการส่วนภูมิภาค")
    DEPARTMENT = "department", _("ส่วนราชการระดับกรม")
    PROVINCE_ADMIN = "province", pgettext_lazy("agency type", "จังหวัด")
    PAO = "pao", _("องค์การบริหารส่วนจังหวัด")
    CITY_MUNICIPALITY = "city", _("เทศบาลนคร")
    TOWN_MUNICIPALITY = "town", _("เทศบาลเมือง")
    SUBDISTRICT_MUNICIPALITY = "tambon", _("เทศบาลตำบล")
    SAO = "sao", _("องค์การบริหารส่วนตำบล")
    STATE_ENTERPRISE = "enterprise", _("รัฐวิสาหกิจ")
    PUBLIC_ORGANIZATION = "public_org", _("องค์การมหาชน")
    UNIVERSITY = "university", _("สถาบันอุดมศึกษา")
    OTHER = "other", _("หน่วยงานอื่น")

    @classmethod
    def local_government(cls) -> set[str]:
        return {
            cls.PAO,
            cls.CITY_MUNICIPALITY,
            cls.TOWN_MUNICIPALITY,
            cls.SUBDISTRICT_MUNICIPALITY,
            cls.SAO,
        }


class Agency(models.Model):
    code = models.CharField(_("รหัสหน่วยงาน"), max_length=32, unique=True)
    name = models.CharField(_("ชื่อหน่วยงาน"), max_length=200)
    agency_type = models.CharField(_("ประเภทหน่วยงาน"), max_length=16, choices=AgencyType.choices)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="agencies", verbose_name=_("จังหวัด")
    )
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        related_name="agencies",
        null=True,
        blank=True,
        verbose_name=_("อำเภอ"),
    )
    website = models.URLField(_("เว็บไซต์หลัก"), blank=True)
    is_demo = models.BooleanField(_("ข้อมูลตัวอย่าง"), default=False)

    class Meta:
        verbose_name = _("หน่วยงาน")
        verbose_name_plural = _("หน่วยงาน")
        ordering = ["name"]
        indexes = [
            # the province dashboard and the import list agencies of one province by type
            models.Index(fields=["province", "agency_type"], name="agency_province_type"),
        ]

    def __str__(self) -> str:
        return self.name


class Division(models.Model):
    """A unit inside an agency (สำนักปลัด, กองคลัง, …) that owns measures."""

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="divisions", verbose_name=_("หน่วยงาน")
    )
    name = models.CharField(_("ชื่อส่วนราชการ"), max_length=200)

    class Meta:
        verbose_name = _("กอง/สำนัก")
        verbose_name_plural = _("กอง/สำนัก")
        ordering = ["agency", "name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="division_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    OFFICER = "officer", _("ผู้รับผิดชอบ ITA ของหน่วยงาน")
    DIVISION_HEAD = "division_head", _("หัวหน้าส่วนราชการ/ผู้อำนวยการกอง")
    EXECUTIVE = "executive", _("ผู้บริหารหน่วยงาน")
    PROVINCE_COORDINATOR = "province", _("ผู้ประสานงานระดับจังหวัด")
    ASSESSOR = "assessor", _("ผู้ตรวจประเมิน")
    NATIONAL_ADMIN = "national", _("ผู้ดูแลระบบระดับประเทศ")


class Membership(models.Model):
    """What a user may do, and where: a role in one agency, in one province, or nationally."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("ผู้ใช้"),
    )
    role = models.CharField(_("บทบาท"), max_length=16, choices=Role.choices)
    agency = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("หน่วยงาน"),
    )
    division = models.ForeignKey(
        Division,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("กอง/สำนัก"),
    )
    province = models.ForeignKey(
        Province,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("จังหวัด"),
    )

    class Meta:
        verbose_name = _("บทบาทผู้ใช้")
        verbose_name_plural = _("บทบาทผู้ใช้")
        constraints = [
            models.CheckConstraint(
                name="membership_scope_matches_role",
                condition=(
                    models.Q(role="province", province__isnull=False, agency__isnull=True)
                    | models.Q(role="national", province__isnull=True, agency__isnull=True)
                    | models.Q(
                        role__in=["officer", "division_head", "executive", "assessor"],
                        agency__isnull=False,
                        province__isnull=True,
                    )
                ),
            ),
        ]

    def __str__(self) -> str:
        where = self.agency or self.province or "ทั้งประเทศ"
        return f"{self.user} — {self.get_role_display()} ({where})"


class OpinionRole(models.TextChoices):
    """Who of the agency may give an opinion on an approval memo (improvement.access)."""

    DIVISION_HEAD = Role.DIVISION_HEAD.value, _("หัวหน้าส่วนราชการ/ผู้อำนวยการกอง")
    EXECUTIVE = Role.EXECUTIVE.value, _("ผู้บริหารหน่วยงาน (เช่น ปลัด)")


class OpinionStep(models.Model):
    """One opinion an approval memo carries before the executive's decision (seed 003:
    หัวหน้าสำนักปลัด, then ปลัด, then the นายก's decision). The data file
    agencies/data/opinion_chains.yaml gives each agency type its chain; steps here replace it,
    for one agency type (agency empty) or for one agency (agency set), as a whole chain."""

    agency_type = models.CharField(
        _("ประเภทหน่วยงาน"), max_length=16, choices=AgencyType.choices, blank=True
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="opinion_steps",
        verbose_name=_("หน่วยงาน"),
    )
    order = models.PositiveSmallIntegerField(_("ลำดับ"))
    title = models.CharField(
        _("ตำแหน่งผู้ให้ความเห็น"), max_length=200, help_text=_("{agency} = ชื่อหน่วยงาน เช่น ปลัด{agency}")
    )
    role = models.CharField(_("ผู้มีสิทธิ์ให้ความเห็น"), max_length=16, choices=OpinionRole.choices)

    class Meta:
        verbose_name = _("ลำดับความเห็นในบันทึกขออนุมัติ")
        verbose_name_plural = _("ลำดับความเห็นในบันทึกขออนุมัติ")
        ordering = ["agency_type", "agency", "order"]
        constraints = [
            models.CheckConstraint(
                name="opinion_step_type_or_agency",
                condition=(models.Q(agency__isnull=True) & ~models.Q(agency_type=""))
                | (models.Q(agency__isnull=False) & models.Q(agency_type="")),
            ),
            models.UniqueConstraint(
                fields=["agency_type", "order"],
                condition=models.Q(agency__isnull=True),
                name="opinion_step_type_order",
            ),
            models.UniqueConstraint(
                fields=["agency", "order"],
                condition=models.Q(agency__isnull=False),
                name="opinion_step_agency_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency or self.get_agency_type_display()} ลำดับ {self.order}: {self.title}"


def garuda_path(instance, filename: str) -> str:
    where = instance.agency_id or "installation"
    return f"garuda/{where}/{filename}"


class Garuda(models.Model):
    """The ครุฑ printed at the top left of a บันทึกข้อความ (1.5 cm high; หนังสือภายนอก 3 cm).
    A row without agency is the installation's (the national admin uploads it in the admin);
    an agency's own row overrides it. The newest row counts; older ones stay for the record.
    With none, documents print the shipped placeholder and say so (agencies.garuda)."""

    agency = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="garudas",
        verbose_name=_("หน่วยงาน"),
    )
    image = models.FileField(_("ภาพครุฑ (PNG หรือ JPEG)"), upload_to=garuda_path)
    placeholder = models.BooleanField(_("เป็นภาพตัวอย่าง ไม่ใช่ตราครุฑจริง"), default=False)
    uploaded_at = models.DateTimeField(_("อัปโหลดเมื่อ"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("อัปโหลดโดย"),
    )

    class Meta:
        verbose_name = _("ภาพครุฑของบันทึกข้อความ")
        verbose_name_plural = _("ภาพครุฑของบันทึกข้อความ")
        ordering = ["agency", "-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return f"ภาพครุฑ {self.agency or 'ของระบบ'}"
