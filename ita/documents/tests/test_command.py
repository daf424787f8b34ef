import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_command_writes_the_document(world, sample_builders, tmp_path):
    out = tmp_path / "memo.docx"
    call_command(
        "ita_document",
        "memo",
        "--agency",
        world.own.name,
        "--year",
        "๒๕๖๕",
        "--format",
        "docx",
        "--output",
        str(out),
    )
    assert out.read_bytes().startswith(b"PK")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["o44", "--agency", "T-OWN", "--year", "2565"], "ไม่รู้จักเอกสาร"),
        (["o42", "--agency", "T-OWN", "--year", "abc"], "ปีงบประมาณไม่ถูกต้อง"),
        (["o42", "--agency", "ไม่มีหน่วยงานนี้", "--year", "2565"], "ไม่พบหน่วยงาน"),
        (["o42", "--agency", "T-OWN", "--year", "2565", "--format", "odt"], "รูปแบบไฟล์"),
    ],
)
def test_command_refuses_bad_input_in_thai(world, sample_builders, tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("ita_document", *args, "--output", str(tmp_path / "x"))
