"""Plural forms as CLDR defines them, and what a reader of each language expects to read.

https://www.unicode.org/cldr/charts/latest/supplemental/language_plural_rules.html
"""

COUNTS = (0, 1, 2, 3, 5, 11, 100)


def cldr_category(language: str, n: int) -> str:
    """CLDR's plural category of the integer ``n`` in ``language``."""
    if language == "ar":
        if n in (0, 1, 2):
            return ("zero", "one", "two")[n]
        if 3 <= n % 100 <= 10:
            return "few"
        return "many" if 11 <= n % 100 <= 99 else "other"
    if language == "pl":
        if n == 1:
            return "one"
        few = 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14
        return "few" if few else "many"
    return "one" if n == 1 else "other"  # nb, en, so, ur: one / other


# What a reader of each language expects for each CLDR category: "medium-sized items".
MEDIUM_ITEMS = {
    "nb": {"one": "{n} middels stor ting", "other": "{n} middels store ting"},
    "en": {"one": "{n} medium-sized item", "other": "{n} medium-sized items"},
    "so": {"one": "{n} shay oo dhexdhexaad ah", "other": "{n} shay oo dhexdhexaad ah"},
    "ur": {"one": "{n} درمیانی چیز", "other": "{n} درمیانی چیزیں"},
    "pl": {"one": "{n} średni przedmiot", "few": "{n} średnie przedmioty",
           "many": "{n} średnich przedmiotów"},
    "ar": {"zero": "{n} قطعة متوسطة الحجم", "one": "قطعة واحدة متوسطة الحجم",
           "two": "قطعتان متوسطتا الحجم", "few": "{n} قطع متوسطة الحجم",
           "many": "{n} قطعة متوسطة الحجم", "other": "{n} قطعة متوسطة الحجم"},
}  # fmt: skip
ABOUT_KG = {"nb": "{}, omtrent {} kg", "en": "{}, about {} kg", "so": "{}, qiyaastii {} kg",
            "ur": "{}، تقریباً {} کلو", "pl": "{}, około {} kg",
            "ar": "{}، حوالي {} كغ"}  # fmt: skip
# "Too many wrong tries. Try again in n seconds."
PIN_WAIT = {
    "nb": {"one": "For mange feil. Prøv igjen om {n} sekund.",
           "other": "For mange feil. Prøv igjen om {n} sekunder."},
    "en": {"one": "Too many wrong tries. Try again in {n} second.",
           "other": "Too many wrong tries. Try again in {n} seconds."},
    "so": {c: "Isku day khaldan oo badan. Isku day mar kale {n} ilbiriqsi kadib."
           for c in ("one", "other")},
    "ur": {c: "بہت زیادہ غلط کوششیں۔ {n} سیکنڈ بعد دوبارہ کوشش کریں۔" for c in ("one", "other")},
    "pl": {"one": "Za dużo błędów. Spróbuj ponownie za {n} sekundę.",
           "few": "Za dużo błędów. Spróbuj ponownie za {n} sekundy.",
           "many": "Za dużo błędów. Spróbuj ponownie za {n} sekund."},
    "ar": {"zero": "محاولات خاطئة كثيرة جدًا. حاول مرة أخرى بعد {n} ثانية.",
           "one": "محاولات خاطئة كثيرة جدًا. حاول مرة أخرى بعد ثانية واحدة.",
           "two": "محاولات خاطئة كثيرة جدًا. حاول مرة أخرى بعد ثانيتين.",
           "few": "محاولات خاطئة كثيرة جدًا. حاول مرة أخرى بعد {n} ثوانٍ.",
           "many": "محاولات خاطئة كثيرة جدًا. حاول مرة أخرى بعد {n} ثانية.",
           "other": "محاولات خاطئة كثيرة جدًا. حاول مرة أخرى بعد {n} ثانية."},
}  # fmt: skip
