"""Payment codes for synthetic invoices: a 48-digit utility barcode line (arrecadação), a 47-digit
bank slip line (boleto) and a PIX "copia e cola" BR Code with its CRC16, all plausible, none real.
"""

from __future__ import annotations

import binascii
import random
from decimal import Decimal


def _mod10(digits: str) -> str:
    total = 0
    for index, char in enumerate(reversed(digits)):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product // 10 + product % 10
    return str((10 - total % 10) % 10)


def utility_barcode(rng: random.Random, amount: Decimal) -> str:
    """48 digits: 4 fields of 11 digits, each followed by its mod-10 check digit (segment 4: telecom)."""
    cents = f"{int(amount * 100):011d}"
    body = "846" + cents + f"{rng.getrandbits(100):030d}"[:30]
    code44 = body[:3] + "0" + body[3:43]  # digit 4 is the general check digit of the 44-digit code
    code44 = code44[:3] + _mod10(code44[:3] + code44[4:]) + code44[4:]
    return "".join(block + _mod10(block) for block in (code44[i : i + 11] for i in range(0, 44, 11)))


def bank_slip_line(rng: random.Random, amount: Decimal) -> str:
    """47 digits: the typed line of a bank slip (three fields with check digits, DV, due factor, value)."""
    free = f"{rng.getrandbits(84):025d}"[:25]
    field1 = "3419" + free[:5]
    field2 = free[5:15]
    field3 = free[15:25]
    factor = f"{rng.randint(1000, 9999)}"
    value = f"{int(amount * 100):010d}"
    general_dv = str(rng.randint(1, 9))
    return (field1 + _mod10(field1) + field2 + _mod10(field2) + field3 + _mod10(field3)
            + general_dv + factor + value)


def payment_codes(remote_id: str, amount: Decimal) -> tuple[str, str]:
    """(barcode line, PIX code) of an invoice, derived from its id: the same id gives the same codes."""
    rng = random.Random(remote_id)
    bar_code = bank_slip_line(rng, amount) if rng.random() < 0.2 else utility_barcode(rng, amount)
    return bar_code, pix_code(rng, amount, f"FAT{remote_id}")


def _tlv(tag: str, value: str) -> str:
    return f"{tag}{len(value):02d}{value}"


def pix_code(rng: random.Random, amount: Decimal, txid: str) -> str:
    """A static PIX BR Code (EMV) for the amount, ending with its CRC16-CCITT."""
    key = f"{rng.getrandbits(128):032x}"
    key = f"{key[:8]}-{key[8:12]}-{key[12:16]}-{key[16:20]}-{key[20:]}"
    account = _tlv("00", "br.gov.bcb.pix") + _tlv("01", key)
    payload = (
        _tlv("00", "01") + _tlv("26", account) + _tlv("52", "0000") + _tlv("53", "986")
        + _tlv("54", f"{amount:.2f}") + _tlv("58", "BR") + _tlv("59", "OPERADORA FIBRA SA")
        + _tlv("60", "SAO PAULO") + _tlv("62", _tlv("05", txid[:25])) + "6304"
    )
    return payload + f"{binascii.crc_hqx(payload.encode('ascii'), 0xFFFF):04X}"
