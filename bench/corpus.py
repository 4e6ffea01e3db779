"""The synthetic corpus the benchmarks build: fictional companies, diseases, products and articles.

One seeded random generator draws everything, so the same ``seed`` and article
count give the same corpus in every benchmark and on every machine. The
articles can be written in this project's format (YAML front matter over
registries) or in stock Pelican's Markdown metadata format, so that one corpus
can be built both ways.

The scripts that import this module put the project and its ``plugins`` folder on
``sys.path`` first (``content_model`` supplies the vocabularies).
"""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from content_model.vocabulary import EVENT_TYPES, MODALITIES, THERAPEUTIC_AREAS

ROOT = Path(__file__).resolve().parents[1]

SYLLABLES = "ar bel cor da en fir gal hel io jun ka lum mor nor ost pra qin ros sil tor ul ver wen xan yor".split()
COMPANY_KINDS = ["Biologics", "Pharma", "Therapeutics", "Biotech", "Medicines", "Cellworks", "Genomics", "Biosciences"]
DISEASE_KINDS = ["syndrome", "fibrosis", "nephropathy", "dystrophy", "carcinoma", "arthritis", "hepatitis", "anaemia"]
DISEASES_OF_TWO_SYLLABLES = 500
HANZI = "安邦宝北博长辰诚达德东方丰复广海恒红华汇嘉健金景康科蓝力联林龙美明南宁普齐瑞润盛石顺泰天通万维"
EXCHANGES = ["SSE", "SZSE", "HKEX", "NASDAQ"]
REGULATORS = ["NMPA", "CDE", "FDA", "EMA", "PMDA"]
EVENT_VERBS = {
    "filing-accepted": "accepts filing for",
    "trial-approval": "clears trial of",
    "trial-start": "starts study of",
    "data": "reports data for",
    "approval": "approves",
    "deal": "licenses",
    "financing": "raises funds for",
    "policy": "sets new rules affecting",
    "other": "updates plans for",
}
FILLER = (
    "the study enrolled patients across sites in China the United States and Europe with a primary endpoint "
    "at week twenty four and secondary endpoints covering safety tolerability and durability of response while "
    "investigators expect to present further results at a medical meeting next year and the company said it "
    "would discuss the registration path with regulators before starting a confirmatory programme"
).split()
FIRST_DAY, LAST_DAY = date(2016, 1, 1), date(2025, 12, 31)


@dataclass
class Company:
    name: str
    short: str
    name_zh: str
    ticker: tuple[str, str] | None
    products: list[str] = field(default_factory=list)

    @property
    def slug(self) -> str:
        """The registry file's name, content/companies/<slug>.yaml, and so the page's URL segment."""
        return self.short.lower()


@dataclass
class Disease:
    name: str
    abbreviation: str
    name_zh: str
    area: str

    @property
    def slug(self) -> str:
        return self.name.lower().replace(" ", "-")


@dataclass
class Article:
    slug: str
    title: str
    day: date
    company: Company
    product: str
    diseases: list[Disease]
    regulator: str
    event: str
    summary: str
    body: str

    @property
    def areas(self) -> list[str]:
        """The therapeutic areas (slugs) of the article's diseases, each once, in the order of its diseases."""
        return list(dict.fromkeys(disease.area for disease in self.diseases))

    @property
    def path(self) -> str:
        """Where the article lives under the content folder, in both formats."""
        return f"articles/{self.day.year}/{self.slug}.md"

    def front_matter_text(self) -> str:
        """The article as this project reads it: YAML front matter naming registered entities."""
        front_matter = "\n".join([
            "---",
            f'title: "{self.title}"',
            f"slug: {self.slug}",
            f"date: {self.day.isoformat()}",
            f"company: {self.company.short}",
            f'product: "{self.product}"',
            f"indications: [{', '.join(disease.abbreviation for disease in self.diseases)}]",
            f"regulator: {self.regulator}",
            f"event: {self.event}",
            f'summary: "{self.summary}"',
            "---",
        ])  # fmt: skip
        return f"{front_matter}\n{self.body}\n"

    def pelican_text(self) -> str:
        """The same article in stock Pelican's Markdown metadata: the entities become tags."""
        tags = [self.company.name, self.product, *(disease.name for disease in self.diseases)]
        return "\n".join([
            f"Title: {self.title}",
            f"Date: {self.day.isoformat()}",
            f"Tags: {', '.join(tags)}",
            f"Summary: {self.summary}",
            f"Slug: {self.slug}",
            "",
            self.body,
        ]) + "\n"  # fmt: skip


class Corpus:
    """Fictional registries and articles, all drawn from one seeded random generator."""

    def __init__(self, articles: int, seed: int):
        self.rng = random.Random(seed)
        self.used: set[str] = set()
        self.companies = [self.company() for _ in range(max(20, articles // 20))]
        self.diseases = [self.disease(index) for index in range(max(20, articles // 40))]
        self.products: dict[str, Company] = {}
        for index in range(max(40, articles // 8)):
            company = self.rng.choice(self.companies)
            code = f"{company.short[:3].upper()}-{100 + index}"
            company.products.append(code)
            self.products[code] = company
        self.modalities = {code: self.rng.choice(list(MODALITIES)) for code in self.products}
        self.articles = [self.article(index) for index in range(articles)]

    def unique(self, make) -> str:
        while (value := make()).casefold() in self.used:
            pass
        self.used.add(value.casefold())
        return value

    def word(self, syllables: int) -> str:
        return "".join(self.rng.choice(SYLLABLES) for _ in range(syllables)).capitalize()

    def hanzi(self, length: int, suffix: str) -> str:
        return "".join(self.rng.choice(HANZI) for _ in range(length)) + suffix

    def company(self) -> Company:
        short = self.unique(lambda: self.word(3))
        ticker = None
        if self.rng.random() < 0.6:
            exchange = self.rng.choice(EXCHANGES)
            digits = 4 if exchange == "HKEX" else 6
            ticker = (exchange, self.unique(lambda: f"{self.rng.randrange(10 ** (digits - 1), 10**digits)}"))
        name_zh = self.unique(lambda: self.hanzi(4, "生物"))
        return Company(f"{short} {self.rng.choice(COMPANY_KINDS)}", short, name_zh, ticker)

    def disease(self, index: int) -> Disease:
        # Two syllables give 625 roots: past 500 diseases (20,000 articles) they take three, or the search for an unused one never ends.
        root = self.unique(lambda: self.word(2 if index < DISEASES_OF_TWO_SYLLABLES else 3))
        name = self.unique(lambda: f"{root} {self.rng.choice(DISEASE_KINDS)}")
        abbreviation = self.unique(lambda: f"{name[0]}{name.split()[1][0]}{self.rng.randrange(2, 99)}".upper())
        area = self.rng.choice(list(THERAPEUTIC_AREAS))
        return Disease(name, abbreviation, self.unique(lambda: self.hanzi(3, "综合征")), area)

    def article(self, index: int) -> Article:
        product = self.rng.choice(list(self.products))
        company = self.products[product]
        diseases = self.rng.sample(self.diseases, self.rng.choice([1, 1, 2]))
        event = self.rng.choice(list(EVENT_TYPES))
        regulator = self.rng.choice(REGULATORS)
        day = FIRST_DAY + timedelta(days=self.rng.randrange((LAST_DAY - FIRST_DAY).days))
        return Article(
            slug=f"story-{index:05d}",
            title=f"{regulator} {EVENT_VERBS[event]} {company.short}'s {product} in {diseases[0].name}",
            day=day,
            company=company,
            product=product,
            diseases=diseases,
            regulator=regulator,
            event=event,
            summary=f"{company.name} news on {product} in {diseases[0].name}, number {index}.",
            body=self.body(company, product, diseases),
        )

    def body(self, company: Company, product: str, diseases: list[Disease]) -> str:
        paragraphs = []
        for _ in range(self.rng.randint(3, 5)):
            words = self.rng.sample(FILLER, 30)
            words[self.rng.randrange(30)] = product
            words[self.rng.randrange(30)] = self.rng.choice(diseases).name
            if self.rng.random() < 0.5:
                words[self.rng.randrange(30)] = company.short
            paragraphs.append(" ".join(words).capitalize() + ".")
        return "\n\n".join(paragraphs)

    def write_content(self, content: Path) -> None:
        """A content folder for this project: registries, the sample site's pages, and the articles."""
        for folder in ("companies", "diseases", "products", "regulators", "articles"):
            (content / folder).mkdir(parents=True)
        for company in self.companies:
            lines = [f"name: {company.name}", f"name_zh: {company.name_zh}", f"aliases: [{company.short}]"]
            if company.ticker:
                lines.append(f'tickers: [{{exchange: {company.ticker[0]}, symbol: "{company.ticker[1]}"}}]')
            lines.append(f"description: A fictional company that makes {len(company.products)} products.")
            write(content / "companies" / f"{company.slug}.yaml", "\n".join(lines) + "\n")
        for disease in self.diseases:
            lines = [
                f"name: {disease.name}",
                f"name_zh: {disease.name_zh}",
                f"abbreviations: [{disease.abbreviation}]",
                f"therapeutic_area: {disease.area}",
                "description: A fictional disease for the benchmarks.",
            ]
            write(content / "diseases" / f"{disease.slug}.yaml", "\n".join(lines) + "\n")
        for code, company in self.products.items():
            lines = [f'name: "{code}"', f"company: {company.short}", f"modality: {self.modalities[code]}"]
            write(content / "products" / f"{product_slug(code)}.yaml", "\n".join(lines) + "\n")
        for path in (ROOT / "content" / "regulators").glob("*.yaml"):
            shutil.copy(path, content / "regulators" / path.name)
        shutil.copytree(ROOT / "content" / "pages", content / "pages")
        for article in self.articles:
            write(content / article.path, article.front_matter_text())

    def write_pelican_content(self, content: Path) -> None:
        """A content folder for stock Pelican: the same articles, at the same paths, and nothing else."""
        for article in self.articles:
            write(content / article.path, article.pelican_text())


def product_slug(code: str) -> str:
    return code.lower()


def regulator_slug(name: str) -> str:
    """The regulators are the sample site's (content/regulators/<slug>.yaml); each file names its own as an alias."""
    return name.lower()


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
