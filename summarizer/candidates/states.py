"""United States state names and their short forms: the AP style ("Calif.", "S.D.") that
datelines and party tags use, and the postal codes ("SD", "CA") of tweets and addresses.
A short form is folded into its state only where the article also writes the state's name,
since two capitals alone ("LA", "IN") mean other things too."""

from __future__ import annotations

# state: (AP-style abbreviation or "" where AP writes the name in full, postal code)
_STATES = {
    "Alabama": ("Ala.", "AL"), "Alaska": ("", "AK"), "Arizona": ("Ariz.", "AZ"),
    "Arkansas": ("Ark.", "AR"), "California": ("Calif.", "CA"), "Colorado": ("Colo.", "CO"),
    "Connecticut": ("Conn.", "CT"), "Delaware": ("Del.", "DE"), "Florida": ("Fla.", "FL"),
    "Georgia": ("Ga.", "GA"), "Hawaii": ("", "HI"), "Idaho": ("", "ID"),
    "Illinois": ("Ill.", "IL"), "Indiana": ("Ind.", "IN"), "Iowa": ("", "IA"),
    "Kansas": ("Kan.", "KS"), "Kentucky": ("Ky.", "KY"), "Louisiana": ("La.", "LA"),
    "Maine": ("", "ME"), "Maryland": ("Md.", "MD"), "Massachusetts": ("Mass.", "MA"),
    "Michigan": ("Mich.", "MI"), "Minnesota": ("Minn.", "MN"), "Mississippi": ("Miss.", "MS"),
    "Missouri": ("Mo.", "MO"), "Montana": ("Mont.", "MT"), "Nebraska": ("Neb.", "NE"),
    "Nevada": ("Nev.", "NV"), "New Hampshire": ("N.H.", "NH"), "New Jersey": ("N.J.", "NJ"),
    "New Mexico": ("N.M.", "NM"), "New York": ("N.Y.", "NY"),
    "North Carolina": ("N.C.", "NC"), "North Dakota": ("N.D.", "ND"), "Ohio": ("", "OH"),
    "Oklahoma": ("Okla.", "OK"), "Oregon": ("Ore.", "OR"), "Pennsylvania": ("Pa.", "PA"),
    "Rhode Island": ("R.I.", "RI"), "South Carolina": ("S.C.", "SC"),
    "South Dakota": ("S.D.", "SD"), "Tennessee": ("Tenn.", "TN"), "Texas": ("", "TX"),
    "Utah": ("", "UT"), "Vermont": ("Vt.", "VT"), "Virginia": ("Va.", "VA"),
    "Washington": ("Wash.", "WA"), "West Virginia": ("W.Va.", "WV"),
    "Wisconsin": ("Wis.", "WI"), "Wyoming": ("Wyo.", "WY"),
}
_BY_SHORT_FORM = {
    short.rstrip("."): state
    for state, forms in _STATES.items() for short in forms if short
}


def state_named(short_form: str) -> str | None:
    """The state a short form stands for ("S.D." and "SD" give "South Dakota")."""
    return _BY_SHORT_FORM.get(short_form.rstrip("."))


def is_state(name: str) -> bool:
    """Whether a name is a state's name in full ("New York", "South Dakota")."""
    return name in _STATES
