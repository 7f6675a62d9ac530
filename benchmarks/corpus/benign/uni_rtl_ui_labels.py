# lookalike: unicode
LABELS_AR = {"save": "حفظ", "cancel": "إلغاء", "delete": "حذف"}
LABELS_HE = {"save": "שמור", "cancel": "ביטול", "delete": "מחק"}


def label(key: str, locale: str) -> str:
    table = LABELS_AR if locale.startswith("ar") else LABELS_HE if locale.startswith("he") else {}
    return table.get(key, key)
