"""Fixed vocabularies: the values a field may take, each with its reader-facing label.

They are defaults; a site may replace any of them through the setting named in
``VOCABULARY_SETTINGS`` (``EVENT_TYPES``, ``PHASES`` ...) or ``EXCHANGES``.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """One value of a vocabulary: its slug (what editors write) and label.

    A term of a kind with pages (an event type, a therapeutic area) has a URL
    and can stand wherever an entity is shown: it has a ``name`` and no
    Chinese name or description.
    """

    slug: str
    label: str
    url: str = ""
    save_as: str = ""
    name_zh = None
    description = None

    def __str__(self) -> str:
        return self.label

    @property
    def name(self) -> str:
        return self.label

    @property
    def sort_key(self) -> str:
        return self.label.casefold()

    @functools.cached_property
    def digest(self) -> bytes:
        """Of what pages show of the term, for the fingerprints of those pages."""
        return hashlib.blake2b(f"{self.slug}\x1f{self.label}\x1f{self.url}".encode(), digest_size=16).digest()


EVENT_TYPES = {
    "filing-accepted": "Filing accepted",
    "trial-approval": "Trial approval",
    "trial-start": "Trial start",
    "data": "Data readout",
    "approval": "Approval",
    "deal": "Deal",
    "financing": "Financing",
    "policy": "Policy",
    "other": "Other",
}

PHASES = {
    "preclinical": "Preclinical",
    "phase-1": "Phase 1",
    "phase-1-2": "Phase 1/2",
    "phase-2": "Phase 2",
    "phase-2-3": "Phase 2/3",
    "phase-3": "Phase 3",
    "phase-4": "Phase 4",
    "marketed": "Marketed",
}

MODALITIES = {
    "small-molecule": "Small molecule",
    "antibody": "Antibody",
    "adc": "Antibody-drug conjugate",
    "bispecific": "Bispecific antibody",
    "cell-therapy": "Cell therapy",
    "gene-therapy": "Gene therapy",
    "vaccine": "Vaccine",
    "peptide": "Peptide",
    "protein": "Protein",
    "oligonucleotide": "Oligonucleotide",
    "mrna": "mRNA",
    "radiopharmaceutical": "Radiopharmaceutical",
    "device": "Medical device",
    "diagnostic": "Diagnostic",
    "tcm": "Traditional Chinese medicine",
    "other": "Other",
}

THERAPEUTIC_AREAS = {
    "hepatology": "Hepatology",
    "pulmonology": "Pulmonology",
    "infectious-disease": "Infectious disease",
    "immunology": "Immunology",
    "rheumatology": "Rheumatology",
    "haematology": "Haematology",
    "oncology": "Oncology",
    "neurology": "Neurology",
    "cardiology": "Cardiology",
    "metabolism-and-endocrinology": "Metabolism and endocrinology",
    "dermatology": "Dermatology",
    "ophthalmology": "Ophthalmology",
    "nephrology": "Nephrology",
    "rare-disease": "Rare disease",
}

# Exchange code -> (full name, other codes editors and data vendors use for it).
EXCHANGES = {
    "SSE": ("Shanghai Stock Exchange", ("SHA", "SH")),
    "SZSE": ("Shenzhen Stock Exchange", ("SHE", "SZ")),
    "BSE": ("Beijing Stock Exchange", ("BJ",)),
    "HKEX": ("Hong Kong Stock Exchange", ("HKG", "HK", "SEHK")),
    "NASDAQ": ("Nasdaq", ()),
    "NYSE": ("New York Stock Exchange", ()),
    "TSE": ("Tokyo Stock Exchange", ("TYO",)),
    "KRX": ("Korea Exchange", ("KOSDAQ", "KOSPI")),
    "LSE": ("London Stock Exchange", ("LON",)),
    "EURONEXT": ("Euronext", ("EPA", "AMS")),
    "SIX": ("SIX Swiss Exchange", ("SWX",)),
    "ASX": ("Australian Securities Exchange", ()),
    "TWSE": ("Taiwan Stock Exchange", ("TPE",)),
}


# Vocabulary name (what kinds and fields refer to) -> (setting that may replace it, default terms).
VOCABULARY_SETTINGS = {
    "event": ("EVENT_TYPES", EVENT_TYPES),
    "phase": ("PHASES", PHASES),
    "modality": ("MODALITIES", MODALITIES),
    "therapeutic_area": ("THERAPEUTIC_AREAS", THERAPEUTIC_AREAS),
}


@dataclass(frozen=True)
class Vocabulary:
    """A closed set of terms, looked up by slug or label, case-insensitively."""

    name: str
    terms: dict[str, Term]

    @classmethod
    def from_labels(cls, name: str, labels: dict[str, str], url: str = "", save_as: str = "") -> Vocabulary:
        """Terms from slug -> label; ``url``/``save_as`` patterns take ``{slug}``."""
        return cls(
            name,
            {slug: Term(slug, label, url.format(slug=slug), save_as.format(slug=slug)) for slug, label in labels.items()},
        )

    def lookup(self, text: str) -> Term | None:
        wanted = text.strip().casefold()
        for term in self.terms.values():
            if wanted in (term.slug, term.label.casefold()):
                return term
        return None

    def __iter__(self):
        return iter(self.terms.values())
