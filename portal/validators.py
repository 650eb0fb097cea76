from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# GB 32100-2015: the unified social credit code uses these 31 characters
# (no I, O, Z, S or V) and ends with a check character over the first 17.
USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def uscc_check_character(first17: str) -> str:
    total = sum(USCC_CHARSET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_CHARSET[(31 - total % 31) % 31]


def validate_uscc(value: str) -> None:
    """Validate an 18-character unified social credit code (GB 32100-2015)."""
    code = (value or "").strip().upper()
    if len(code) != 18:
        raise ValidationError(
            _("A unified social credit code has exactly 18 characters."), code="uscc_length"
        )
    if any(c not in USCC_CHARSET for c in code):
        raise ValidationError(
            _(
                "A unified social credit code uses only digits and capital letters except I, O, "
                "Z, S and V."
            ),
            code="uscc_charset",
        )
    if uscc_check_character(code[:17]) != code[17]:
        raise ValidationError(
            _(
                "This unified social credit code's check character is wrong; please check it "
                "for a typing error."
            ),
            code="uscc_checksum",
        )
