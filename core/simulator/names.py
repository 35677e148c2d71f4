"""Brazilian-looking names, company names and plans for synthetic worlds (no real people)."""

from __future__ import annotations

import random
from decimal import Decimal

FIRST_NAMES = (
    "João", "José", "Antônio", "Francisco", "Carlos", "Paulo", "Pedro", "Lucas", "Luís", "Marcos",
    "Gabriel", "Rafael", "Sebastião", "Estêvão", "Fábio", "Márcio", "Vinícius", "Caio", "Thiago", "André",
    "Maria", "Ana", "Francisca", "Antônia", "Adriana", "Juliana", "Márcia", "Fernanda", "Patrícia", "Aline",
    "Lúcia", "Conceição", "Luíza", "Letícia", "Cláudia", "Débora", "Beatriz", "Giovana", "Júlia", "Inês",
)
SURNAMES = (
    "Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves", "Pereira", "Lima", "Gomes",
    "Ribeiro", "Carvalho", "Araújo", "Gonçalves", "Simões", "Magalhães", "Conceição", "Assunção", "Falcão",
    "Brandão", "Lopes", "Barbosa", "Guimarães", "Peçanha", "Mendonça", "Tavares", "Câmara", "Nóbrega",
    "Castro", "Figueirêdo", "Damásio", "Aragão", "Romão", "Cardoso", "Teixeira", "Moraes", "Nascimento",
)
COMPANY_WORDS = (
    "Comércio", "Distribuidora", "Padaria", "Farmácia", "Construções", "Serviços", "Açougue", "Ótica",
    "Papelaria", "Mercearia", "Confecções", "Transportes", "Informática", "Educação", "Clínica",
)
COMPANY_QUALIFIERS = (
    "São João", "Santa Luzia", "Boa Esperança", "União", "Progresso", "Estrela do Sul", "Três Irmãos",
    "Nossa Senhora Aparecida", "Ipê", "Jequitibá", "Paraná", "Ceará", "Maranhão", "Goiás", "Itaú",
)
COMPANY_SUFFIXES = ("Ltda", "ME", "EIRELI", "S.A.", "Ltda - EPP")

RESIDENTIAL_PLANS: tuple[tuple[str, Decimal], ...] = (
    ("Fibra 300 Mega", Decimal("99.90")),
    ("Fibra 500 Mega", Decimal("129.90")),
    ("Fibra 700 Mega", Decimal("149.90")),
    ("Fibra 1 Giga", Decimal("199.90")),
    ("Fibra 500 Mega + TV", Decimal("219.90")),
)
BUSINESS_PLANS: tuple[tuple[str, Decimal], ...] = (
    ("Empresas Fibra 600 Mega", Decimal("179.90")),
    ("Empresas Fibra 1 Giga", Decimal("349.90")),
    ("Link Dedicado 200 Mega", Decimal("1234.56")),
    ("Link Dedicado 500 Mega", Decimal("2199.00")),
)
CONTRACT_PRODUCT = "Internet Fibra"
NOISE_PRODUCTS: tuple[tuple[str, Decimal], ...] = (
    ("Telefonia Fixa", Decimal("39.90")),
    ("TV por Assinatura", Decimal("89.90")),
    ("Aparelho Parcelado", Decimal("112.45")),
    ("Serviços Avulsos", Decimal("17.50")),
)


def person_name(rng: random.Random) -> str:
    first = rng.choice(FIRST_NAMES)
    middle = rng.choice(SURNAMES)
    last = rng.choice(SURNAMES)
    return f"{first} {middle} {last}" if middle != last else f"{first} {last}"


def company_name(rng: random.Random) -> str:
    return f"{rng.choice(COMPANY_WORDS)} {rng.choice(COMPANY_QUALIFIERS)} {rng.choice(COMPANY_SUFFIXES)}"
