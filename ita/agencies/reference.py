"""The 77 provinces and their districts, from data/provinces.yaml."""

from pathlib import Path

import yaml

DATA_FILE = Path(__file__).parent / "data" / "provinces.yaml"


def load_provinces(province_model, district_model) -> int:
    """Create or update provinces and districts; idempotent. Models are passed in so a data
    migration can use its historical models."""
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    by_name = {}
    for row in data["provinces"]:
        province, _ = province_model.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"], "name_en": row["name_en"]}
        )
        by_name[province.name] = province
    for province_name, districts in data["districts"].items():
        for name in districts:
            district_model.objects.get_or_create(province=by_name[province_name], name=name)
    return len(by_name)
