from django.conf import settings
from django.db import models


class Province(models.Model):
    code = models.CharField("รหัส", max_length=8, unique=True)  # ISO 3166-2:TH without "TH-"
    name = models.CharField("ชื่อจังหวัด", max_length=100, unique=True)
    name_en = models.CharField("ชื่อภาษาอังกฤษ", max_length=100, blank=True)

    class Meta:
        verbose_name = "จังหวัด"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class District(models.Model):
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="districts")
    name = models.CharField("ชื่ออำเภอ", max_length=100)

    class Meta:
        verbose_name = "อำเภอ"
        ordering = ["province", "name"]
        constraints = [
            models.UniqueConstraint(fields=["province", "name"], name="district_unique_name")
        ]

    def __str__(self) -> str:
        return f"อำเภอ{self.name}"


class AgencyType(models.TextChoices):
    REGIONAL_OFFICE = "regional", "ส่วนราชการส่วนภูมิภาค"
    DEPARTMENT = "department", "ส่วนราชการระดับกรม"
    PROVINCE_ADMIN = "province", "จังหวัด"
    PAO = "pao", "องค์การบริหารส่วนจังหวัด"
    CITY_MUNICIPALITY = "city", "เทศบาลนคร"
    TOWN_MUNICIPALITY = "town", "เทศบาลเมือง"
    SUBDISTRICT_MUNICIPALITY = "tambon", "เทศบาลตำบล"
    SAO = "sao", "องค์การบริหารส่วนตำบล"
    STATE_ENTERPRISE = "enterprise", "รัฐวิสาหกิจ"
    PUBLIC_ORGANIZATION = "public_org", "องค์การมหาชน"
    UNIVERSITY = "university", "สถาบันอุดมศึกษา"
    OTHER = "other", "หน่วยงานอื่น"

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
    code = models.CharField("รหัสหน่วยงาน", max_length=32, unique=True)
    name = models.CharField("ชื่อหน่วยงาน", max_length=200)
    agency_type = models.CharField("ประเภทหน่วยงาน", max_length=16, choices=AgencyType.choices)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="agencies")
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="agencies", null=True, blank=True
    )
    website = models.URLField("เว็บไซต์หลัก", blank=True)
    is_demo = models.BooleanField("ข้อมูลตัวอย่าง", default=False)

    class Meta:
        verbose_name = "หน่วยงาน"
        ordering = ["name"]
        indexes = [
            # the province dashboard and the import list agencies of one province by type
            models.Index(fields=["province", "agency_type"], name="agency_province_type"),
        ]

    def __str__(self) -> str:
        return self.name


class Division(models.Model):
    """A unit inside an agency (สำนักปลัด, กองคลัง, …) that owns measures."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="divisions")
    name = models.CharField("ชื่อส่วนราชการ", max_length=200)

    class Meta:
        verbose_name = "กอง/สำนัก"
        ordering = ["agency", "name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="division_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    OFFICER = "officer", "ผู้รับผิดชอบ ITA ของหน่วยงาน"
    DIVISION_HEAD = "division_head", "หัวหน้าส่วนราชการ/ผู้อำนวยการกอง"
    EXECUTIVE = "executive", "ผู้บริหารหน่วยงาน"
    PROVINCE_COORDINATOR = "province", "ผู้ประสานงานระดับจังหวัด"
    ASSESSOR = "assessor", "ผู้ตรวจประเมิน"
    NATIONAL_ADMIN = "national", "ผู้ดูแลระบบระดับประเทศ"


class Membership(models.Model):
    """What a user may do, and where: a role in one agency, in one province, or nationally."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField("บทบาท", max_length=16, choices=Role.choices)
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, null=True, blank=True, related_name="memberships"
    )
    division = models.ForeignKey(
        Division, on_delete=models.CASCADE, null=True, blank=True, related_name="memberships"
    )
    province = models.ForeignKey(
        Province, on_delete=models.CASCADE, null=True, blank=True, related_name="memberships"
    )

    class Meta:
        verbose_name = "บทบาทผู้ใช้"
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
