"""Dutch addresses as the coupling sees them: one key per address, however it was written.

``5091ab`` / ``5091 AB`` and ``12a`` / ``12-A`` / ``12 A`` all give the key ``5091AB|12|A|``
(postcode | huisnummer | huisletter | huisnummertoevoeging). A letter written after the
number is the huisletter; anything else after it is the toevoeging (``12-2``, ``12 bis``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from portal.postcodes import normalise_postcode, postcode_error

_NUMBER = re.compile(r"^\s*(\d+)\s*[-/ ]*\s*(.*?)\s*$")
_LETTER_THEN_ADDITION = re.compile(r"^([A-Z])\s*[-/ ]+\s*([A-Z0-9]{1,4})$")
_ADDITION = re.compile(r"^[A-Z0-9]{1,4}$")
_SEPARATORS = re.compile(r"[\s\-/]+")
_PLAIN_NUMBER = re.compile(r"[1-9][0-9]{0,4}")
_PLAIN_LETTER = re.compile(r"[A-Za-z]")
_PLAIN_ADDITION = re.compile(r"[A-Za-z0-9]{1,4}")
MAX_HUISNUMMER = 99999


@dataclass(frozen=True)
class Address:
    postcode: str
    huisnummer: int
    huisletter: str | None = None
    toevoeging: str | None = None

    # The key is read for the duplicate check, the preview and the COPY of every row: made
    # once, with the address.
    key: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        key = f"{self.postcode}|{self.huisnummer}|{self.huisletter or ''}|{self.toevoeging or ''}"
        object.__setattr__(self, "key", key)


def parse_address_key(key: str) -> Address:
    postcode, nummer, letter, toevoeging = ([*key.split("|"), "", "", ""])[:4]
    return Address(postcode, int(nummer), letter or None, toevoeging or None)


def display(key: str | None) -> str:
    """``5091AB|12|A|2`` -> ``5091 AB 12A-2`` (the way people write it): the one way every
    screen, export and document shows an address (Jinja: ``|adres``)."""
    if not key or "|" not in key:
        return key or ""  # not an address key (an anonymised case keeps only its marker)
    postcode, nummer, letter, toevoeging = ([*key.split("|"), "", "", ""])[:4]
    text = f"{postcode[:4]} {postcode[4:]} {nummer}{letter}".strip()
    return f"{text}-{toevoeging}" if toevoeging else text


def _clean(value: object) -> str:
    return "" if value is None else str(value).strip()


def normalise_address(
    postcode: object, huisnummer: object, huisletter: object = None, toevoeging: object = None
) -> tuple[Address | None, list[str]]:
    """Parse the four address parts; returns (address, []) or (None, error messages)."""
    plain = _plain(postcode, huisnummer, huisletter, toevoeging)
    if plain is not None:
        return plain, []
    return _parse(postcode, huisnummer, huisletter, toevoeging)


def _parse(
    postcode: object, huisnummer: object, huisletter: object, toevoeging: object
) -> tuple[Address | None, list[str]]:
    """The full parser: every way of writing an address, with a message for each problem."""
    errors: list[str] = []
    pc_raw = _clean(postcode)
    pc = normalise_postcode(pc_raw)
    if pc is None:
        errors.append(postcode_error(pc_raw) if pc_raw else str(_l("Postcode ontbreekt.")))

    nr_raw = _clean(huisnummer)
    if isinstance(huisnummer, float) and huisnummer.is_integer():  # XLSX numbers: 12.0
        nr_raw = str(int(huisnummer))
    nummer: int | None = None
    letter = _clean(huisletter).upper() or None
    addition = _SEPARATORS.sub("", _clean(toevoeging)).upper() or None
    m = _NUMBER.match(nr_raw.upper())
    if not nr_raw:
        errors.append(str(_l("Huisnummer ontbreekt.")))
    elif not m:
        errors.append(str(_l("'%(value)s' is geen geldig huisnummer.", value=nr_raw)))
    else:
        nummer = int(m.group(1))
        rest = m.group(2)
        if not 1 <= nummer <= MAX_HUISNUMMER:
            errors.append(
                str(_l("Huisnummer %(value)s ligt niet tussen 1 en 99999.", value=m.group(1)))
            )
        if rest:
            extra_letter, extra_addition = None, None
            if len(rest) == 1 and rest.isalpha():
                extra_letter = rest
            elif lm := _LETTER_THEN_ADDITION.match(rest):
                extra_letter, extra_addition = lm.group(1), lm.group(2)
            elif _ADDITION.match(_SEPARATORS.sub("", rest)):
                extra_addition = _SEPARATORS.sub("", rest)
            else:
                errors.append(str(_l("'%(value)s' is geen geldig huisnummer.", value=nr_raw)))
            if extra_letter and letter and extra_letter != letter:
                errors.append(
                    str(
                        _l(
                            "Huisletter staat twee keer verschillend in het adres (%(v)s).",
                            v=nr_raw,
                        )
                    )
                )
            letter = letter or extra_letter
            if extra_addition and addition and extra_addition != addition:
                errors.append(
                    str(
                        _l(
                            "Toevoeging staat twee keer verschillend in het adres (%(v)s).",
                            v=nr_raw,
                        )
                    )
                )
            addition = addition or extra_addition
    if letter is not None and not (len(letter) == 1 and letter.isalpha() and letter.isascii()):
        errors.append(str(_l("Huisletter '%(value)s' moet één letter zijn.", value=letter)))
    if addition is not None and not _ADDITION.match(addition):
        errors.append(
            str(
                _l(
                    "Huisnummertoevoeging '%(value)s' moet 1 tot 4 letters of cijfers zijn.",
                    value=addition,
                )
            )
        )
    if errors or pc is None or nummer is None:
        return None, errors
    return Address(pc, nummer, letter, addition), []


def _plain(postcode: object, huisnummer: object, huisletter: object, toevoeging: object):
    """The address when every part is already written plainly (``5091AB``, ``12``, ``a``),
    as in nearly every delivered row; None sends it through the full parser."""
    if not (isinstance(postcode, str) and isinstance(huisnummer, str)):
        return None
    if not _PLAIN_NUMBER.fullmatch(huisnummer):
        return None
    if huisletter and not (isinstance(huisletter, str) and _PLAIN_LETTER.fullmatch(huisletter)):
        return None
    if toevoeging and not (isinstance(toevoeging, str) and _PLAIN_ADDITION.fullmatch(toevoeging)):
        return None
    pc = normalise_postcode(postcode)
    if pc is None:
        return None
    letter = huisletter.upper() if huisletter else None
    addition = toevoeging.upper() if toevoeging else None
    return Address(pc, int(huisnummer), letter, addition)


def address_key(
    postcode: object, huisnummer: object, huisletter: object = None, toevoeging: object = None
) -> str | None:
    address, _ = normalise_address(postcode, huisnummer, huisletter, toevoeging)
    return address.key if address else None
