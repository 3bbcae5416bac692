"""The world's countries by the names English news gives them: what the model may call a
country. A state, province or city it calls one ("South Carolina", "Burbank") is a place,
never an actor standing for a government."""

from __future__ import annotations

import re

_NAMES = """
Afghanistan; Albania; Algeria; Andorra; Angola; Antigua and Barbuda; Argentina; Armenia;
Australia; Austria; Azerbaijan; Bahamas; Bahrain; Bangladesh; Barbados; Belarus; Belgium;
Belize; Benin; Bhutan; Bolivia; Bosnia and Herzegovina; Bosnia; Botswana; Brazil; Brunei;
Bulgaria; Burkina Faso; Burundi; Cabo Verde; Cape Verde; Cambodia; Cameroon; Canada;
Central African Republic; Chad; Chile; China; Colombia; Comoros; Congo;
Democratic Republic of the Congo; Costa Rica; Ivory Coast; Cote d'Ivoire; Croatia; Cuba;
Cyprus; Czech Republic; Czechia; Denmark; Djibouti; Dominica; Dominican Republic; Ecuador;
Egypt; El Salvador; Equatorial Guinea; Eritrea; Estonia; Eswatini; Swaziland; Ethiopia; Fiji;
Finland; France; Gabon; Gambia; Georgia; Germany; Ghana; Greece; Grenada; Guatemala; Guinea;
Guinea-Bissau; Guyana; Haiti; Honduras; Hungary; Iceland; India; Indonesia; Iran; Iraq;
Ireland; Israel; Italy; Jamaica; Japan; Jordan; Kazakhstan; Kenya; Kiribati; Kosovo; Kuwait;
Kyrgyzstan; Laos; Latvia; Lebanon; Lesotho; Liberia; Libya; Liechtenstein; Lithuania;
Luxembourg; Madagascar; Malawi; Malaysia; Maldives; Mali; Malta; Marshall Islands; Mauritania;
Mauritius; Mexico; Micronesia; Moldova; Monaco; Mongolia; Montenegro; Morocco; Mozambique;
Myanmar; Burma; Namibia; Nauru; Nepal; Netherlands; Holland; New Zealand; Nicaragua; Niger;
Nigeria; North Korea; North Macedonia; Macedonia; Norway; Oman; Pakistan; Palau; Palestine;
Panama; Papua New Guinea; Paraguay; Peru; Philippines; Poland; Portugal; Qatar; Romania;
Russia; Russian Federation; Rwanda; Saint Kitts and Nevis; Saint Lucia;
Saint Vincent and the Grenadines; Samoa; San Marino; Sao Tome and Principe; Saudi Arabia;
Senegal; Serbia; Seychelles; Sierra Leone; Singapore; Slovakia; Slovenia; Solomon Islands;
Somalia; South Africa; South Korea; Korea; South Sudan; Spain; Sri Lanka; Sudan; Suriname;
Sweden; Switzerland; Syria; Taiwan; Tajikistan; Tanzania; Thailand; Timor-Leste; East Timor;
Togo; Tonga; Trinidad and Tobago; Tunisia; Turkey; Turkiye; Turkmenistan; Tuvalu; Uganda;
Ukraine; United Arab Emirates; UAE; United Kingdom; UK; Britain; Great Britain; England;
Scotland; Wales; Northern Ireland; United States; United States of America; US; USA;
America; Uruguay; Uzbekistan; Vanuatu; Vatican; Venezuela; Vietnam; Viet Nam; Yemen; Zambia;
Zimbabwe
"""


def _key(name: str) -> str:
    return re.sub(r"[^a-z]+", " ", name.casefold().replace("’", "'")).strip()


_COUNTRIES = {_key(name) for name in _NAMES.split(";")}
_COUNTRIES |= {"u s", "u s a", "u k", "the united states", "the netherlands"}


def is_country(forms: list[str]) -> bool:
    """Whether any of a name's forms is a country's name ("U.S.", "South Korea")."""
    return any(_key(form) in _COUNTRIES for form in forms)
