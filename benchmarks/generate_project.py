"""Write a large synthetic project to the content model, for benchmarks.

    python benchmarks/generate_project.py OUT [--countries 190] [--speakers 400] [--events 20]

Deterministic: the same arguments always write the same files. The text is
neutral filler; every reference resolves and `briefgen check` passes.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import pycountry

WORDS = [
    "justice",
    "prevention",
    "cooperation",
    "children",
    "rehabilitation",
    "reintegration",
    "capacity",
    "training",
    "partnership",
    "community",
    "security",
    "programme",
    "national",
    "regional",
    "support",
    "assessment",
    "framework",
    "policy",
    "protection",
    "response",
    "dialogue",
    "network",
    "evidence",
    "institutions",
    "resilience",
    "coordination",
    "legislation",
    "victims",
    "youth",
    "education",
]
FIRST = [
    "Amina",
    "Boris",
    "Chen",
    "Dalia",
    "Emil",
    "Fatima",
    "Goran",
    "Hana",
    "Ivan",
    "Jamal",
    "Kofi",
    "Lena",
    "Mateo",
    "Nadia",
    "Omar",
]
LAST = [
    "Abbas",
    "Berg",
    "Costa",
    "Diallo",
    "Eriksen",
    "Fernández",
    "Garcia",
    "Haddad",
    "Ivanova",
    "Jansen",
    "Kato",
    "Lima",
]


def sentence(rng: random.Random, n: int = 14) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random, sentences: int = 4) -> str:
    return " ".join(sentence(rng) for _ in range(sentences))


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def generate(out: Path, countries: int, speakers: int, events: int) -> None:
    rng = random.Random(20210310)
    content = out / "content"
    for folder in ("events", "speakers", "countries", "organisations", "programmes"):
        (content / folder).mkdir(parents=True, exist_ok=True)
    # Four speakers per country, forty per event: many are in no event, a roster.
    (out / "briefgen.yaml").write_text(
        "title: Synthetic Briefings\npublisher: office\nlanguages: [en]\nformats: [pdf, docx]\n"
        'theme:\n  primary_color: "#1f4e79"\nsuppress_warnings: [speaker-without-event]\n'
    )
    codes = sorted(c.alpha_3 for c in pycountry.countries)[:countries]
    (content / "organisations/office.yaml").write_text(
        "name: Synthetic Office\nacronym: SO\nkind: un\n"
    )
    orgs = ["office"]
    for i in range(40):
        org = f"agency-{i:02d}"
        orgs.append(org)
        (content / f"organisations/{org}.yaml").write_text(
            f"name: {rng.choice(WORDS).title()} Agency {i}\nkind: government\n"
            f"country: {rng.choice(codes)}\nparent: office\n"
            if i % 3 == 0
            else f"name: {rng.choice(WORDS).title()} Agency {i}\nkind: other\n"
        )
    programmes = [f"programme-{i:02d}" for i in range(20)]
    for prog in programmes:
        members = ", ".join(sorted(rng.sample(codes, 6)))
        (content / f"programmes/{prog}.yaml").write_text(
            f"name: {rng.choice(WORDS).title()} {rng.choice(WORDS).title()} Programme\n"
            f"lead: office\nfunders: [{rng.choice(orgs)}]\ncountries: [{members}]\n"
            f"start: {rng.randint(2010, 2020)}\nsummary: {quote(paragraph(rng, 3))}\n"
        )
    for code in codes:
        facts = "".join(
            f"  - {{label: {rng.choice(WORDS).title()} index, value: {rng.randint(1, 99999)}, "
            f"year: {rng.randint(2015, 2024)}, source: Synthetic survey}}\n"
            for _ in range(5)
        )
        (content / f"countries/{code}.yaml").write_text(
            f"region: Region {rng.randint(1, 8)}\nsummary: {quote(paragraph(rng, 5))}\n"
            f"partnership:\n  since: {rng.randint(2000, 2022)}\n  areas: [Prevention, Justice]\n"
            f"  programmes: [{rng.choice(programmes)}]\nfacts:\n{facts}"
        )
    people = [f"speaker-{i:03d}" for i in range(speakers)]
    for i, person in enumerate(people):
        (content / f"speakers/{person}.yaml").write_text(
            f"name: {FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]} {i}\n"
            f"honorific: {rng.choice(['Mr.', 'Ms.', 'H.E. Ms.', 'H.E. Mr.', 'Dr.'])}\n"
            f"position: {rng.choice(WORDS).title()} Director\n"
            f"organisation: {rng.choice(orgs)}\ncountry: {rng.choice(codes)}\n"
            f"bio: {quote(paragraph(rng, 3))}\n"
        )
    for e in range(events):
        sessions, statements = [], []
        chosen = rng.sample(people, 40)
        for s in range(5):
            group = chosen[s * 8 : (s + 1) * 8]
            sessions.append(
                f"  - id: session-{s}\n    title: Session {s + 1} on {rng.choice(WORDS)}\n"
                f'    start: "{9 + s}:00"\n    end: "{9 + s}:50"\n'
                f"    speakers: [{', '.join(group)}]\n    summary: {quote(paragraph(rng, 2))}\n"
            )
            for person in group:
                statements.append(
                    f"  - speaker: {person}\n    session: session-{s}\n"
                    f"    quote: {quote(paragraph(rng, 2))}\n"
                    f"    verbatim: {'true' if rng.random() < 0.8 else 'false'}\n"
                )
        partners = ", ".join(sorted(rng.sample(codes, 4)))
        (content / f"events/event-{e:02d}.yaml").write_text(
            f"title: Synthetic Conference {e} on {rng.choice(WORDS).title()}\n"
            f"short_title: Conference {e}\nkind: Special Event\nparent: Synthetic Congress\n"
            f"start: 2021-03-{1 + e % 28:02d}\nvenue: {{city: City {e}, country: {codes[e]}}}\n"
            f"organisers: [office]\npartners: [{partners}]\n"
            f"programmes: [{', '.join(rng.sample(programmes, 2))}]\n"
            f"summary: {quote(paragraph(rng, 6))}\nsessions:\n{''.join(sessions)}"
            f"statements:\n{''.join(statements)}"
            f"key_messages:\n  - {quote(sentence(rng))}\n  - {quote(sentence(rng))}\n"
            f"outcomes:\n  - {quote(sentence(rng))}\n"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--countries", type=int, default=190)
    parser.add_argument("--speakers", type=int, default=400)
    parser.add_argument("--events", type=int, default=20)
    args = parser.parse_args()
    generate(args.out, args.countries, args.speakers, args.events)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
