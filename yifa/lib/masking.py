"""Masking of personal data for people who do not need to see it in full."""


def mask_resident_id(value: str) -> str:
    """Keep the region code's first 3 and the last 4 characters: 330***********123X."""
    if len(value) < 8:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_phone(value: str) -> str:
    return value[:3] + "****" + value[-4:] if len(value) >= 11 else "*" * len(value)


def mask_person_name(value: str) -> str:
    """张三 → 张*, 欧阳娜娜 → 欧***: a public page names a natural person by surname only."""
    return value[:1] + "*" * (len(value) - 1) if value else value
