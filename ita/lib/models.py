from django.db import models


class WrittenOnce(models.Model):
    """A row that is a record (an audit event, a result revision, an approved version): saved
    once, never saved again. `refused` is the Thai message a second save raises."""

    refused = "บันทึกนี้แก้ไขไม่ได้"

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError(self.refused)
        super().save(*args, **kwargs)
