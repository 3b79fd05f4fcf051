#!/usr/bin/env python3
"""Builds the hard labelled matching set in tests/data/matching_hard/.

Two CRM exports of real companies (a Salesforce and a HubSpot one) per half,
written the way CRM users type them, with the list of true pairs and of hard
negatives. The companies, their names, countries and websites come from
public lists that npm and Debian packages ship; nothing is downloaded here.

Sources (unpack each package and pass its directory):
  --nsi        npm `name-suggestion-index@8.0.20260918` (BSD-3-Clause; its
               Wikidata extract is CC0): dist/json/nsi.json (brands, their
               display names, the countries they operate in, as OpenStreetMap
               tags them) and dist/wikidata/wikidata.json (each brand's label,
               official websites and social profiles).
                 npm pack name-suggestion-index@8.0.20260918
  --countries  npm `i18n-iso-countries@7.14.0` (MIT): langs/*.json, country
               names in English (with aliases: USA, U.S., UK, Great
               Britain, ...) and in each country's own language (Deutschland,
               España, 日本, ...).
                 npm pack i18n-iso-countries@7.14.0
  --psl        Debian `publicsuffix` (/usr/share/publicsuffix/
               public_suffix_list.dat, MPL-2.0): registrable domains.

  python3 tools/matching_data/build_hard_set.py --nsi DIR --countries DIR \\
      [--psl FILE] [--out tests/data/matching_hard] [--seed 20261207]

The output is deterministic for given inputs and seed. See the README the
script writes beside the data for what is in it and how it was rendered.
"""
import argparse
import collections
import csv
import hashlib
import io
import json
import os
import random
import re
import sys
import unicodedata

# ---------------------------------------------------------------------------
# Public suffixes

class PublicSuffixes:
    def __init__(self, path):
        self.rules = set()
        self.wild = set()
        self.exceptions = set()
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if not line or line.startswith("//"):
                    continue
                rule = line.split()[0].encode("idna").decode("ascii") \
                    if not line.isascii() else line.split()[0]
                if rule.startswith("!"):
                    self.exceptions.add(rule[1:])
                elif rule.startswith("*."):
                    self.wild.add(rule[2:])
                else:
                    self.rules.add(rule)

    def suffix_len(self, labels):
        """Number of labels of the public suffix of `labels`."""
        for i in range(len(labels)):
            candidate = ".".join(labels[i:])
            if candidate in self.exceptions:
                return len(labels) - i - 1
            if candidate in self.rules:
                return len(labels) - i
            if i + 1 < len(labels) and ".".join(labels[i + 1:]) in self.wild:
                return len(labels) - i
        return 1

    def registrable(self, host):
        host = host.lower().strip(".")
        if not host or not re.fullmatch(r"[a-z0-9.-]+", host):
            return None
        labels = host.split(".")
        n = self.suffix_len(labels)
        if n >= len(labels):
            return None
        return ".".join(labels[-(n + 1):])


def host_of(url):
    url = url.strip()
    url = re.sub(r"^[a-z]+://", "", url, flags=re.I)
    host = re.split(r"[/?#:]", url, 1)[0]
    try:
        host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError:
        return None
    return host.lower()


# Profile and hosting sites: a company's page there is not its website.
SHARED_SITES = {
    "facebook.com", "instagram.com", "linkedin.com", "twitter.com", "x.com",
    "youtube.com", "google.com", "wixsite.com", "myshopify.com",
    "blogspot.com", "wordpress.com", "tiktok.com", "vk.com", "ok.ru",
    "weebly.com", "square.site", "business.site", "yell.com", "yelp.com",
    "tripadvisor.com", "github.io", "medium.com", "linktr.ee",
}

# ---------------------------------------------------------------------------
# Countries

# Each country's main language in i18n-iso-countries' langs/ (for the names
# users write in their own language).
COUNTRY_LANGUAGE = {
    "AT": "de", "DE": "de", "CH": "de", "FR": "fr", "BE": "nl", "NL": "nl",
    "ES": "es", "MX": "es", "AR": "es", "CL": "es", "CO": "es", "PE": "es",
    "IT": "it", "PT": "pt", "BR": "pt", "SE": "sv", "NO": "nb", "DK": "da",
    "FI": "fi", "PL": "pl", "CZ": "cs", "SK": "sk", "HU": "hu", "RO": "ro",
    "BG": "bg", "GR": "el", "TR": "tr", "RU": "ru", "UA": "uk", "BY": "be",
    "JP": "ja", "CN": "zh", "TW": "zh", "KR": "ko", "HR": "hr", "RS": "sr",
    "SI": "sl", "EE": "et", "LV": "lv", "LT": "lt", "ID": "id", "VN": "vi",
    "TH": "th", "IL": "he", "IS": "is", "GE": "ka",
}

REGIONS = {
    "Scandinavia": {"SE", "NO", "DK"}, "Nordic": {"SE", "NO", "DK", "FI", "IS"},
    "Benelux": {"BE", "NL", "LU"}, "DACH": {"DE", "AT", "CH"},
    "Iberia": {"ES", "PT"}, "Baltics": {"EE", "LV", "LT"},
    "LATAM": {"MX", "BR", "AR", "CL", "CO", "PE"},
    "APAC": {"AU", "NZ", "SG", "JP", "HK"},
}

# Neighbours a subsidiary may be billed in (true pairs with two countries).
NEIGHBOURS = {"US": "CA", "CA": "US", "GB": "IE", "IE": "GB", "DE": "AT",
              "AT": "DE", "FR": "BE", "BE": "FR", "NL": "BE", "AU": "NZ",
              "NZ": "AU", "ES": "PT", "SE": "NO", "NO": "SE"}

LEGAL_FORMS = {
    "US": ["Inc.", "Inc", ", Inc.", "LLC", "Corp.", "Corporation", "Co."],
    "CA": ["Inc.", "Ltd.", "Limited"], "GB": ["Ltd", "Limited", "plc", "PLC"],
    "IE": ["Ltd", "Limited", "DAC"], "AU": ["Pty Ltd", "Pty. Ltd.", "Limited"],
    "NZ": ["Limited", "Ltd"], "DE": ["GmbH", "AG", "GmbH & Co. KG", "SE"],
    "AT": ["GmbH", "AG"], "CH": ["AG", "SA", "GmbH"], "FR": ["SA", "SAS", "S.A."],
    "BE": ["NV", "SA", "BV"], "NL": ["B.V.", "N.V.", "BV"],
    "ES": ["S.A.", "S.L.", "SA"], "IT": ["S.p.A.", "S.r.l.", "SpA"],
    "PT": ["S.A.", "Lda."], "BR": ["S.A.", "Ltda."], "MX": ["S.A. de C.V."],
    "SE": ["AB", "AB (publ)"], "NO": ["AS", "ASA"], "DK": ["A/S", "ApS"],
    "FI": ["Oy", "Oyj"], "PL": ["Sp. z o.o.", "S.A."], "CZ": ["s.r.o.", "a.s."],
    "JP": ["Co., Ltd.", "K.K.", "Corporation"], "KR": ["Co., Ltd."],
    "CN": ["Co., Ltd."], "TW": ["Co., Ltd."], "IN": ["Pvt Ltd", "Limited"],
    "RU": ["LLC", "JSC", "PJSC"], "ZA": ["(Pty) Ltd", "Ltd"],
}
GENERIC_WORDS = ["Group", "International", "Holdings", "Solutions", "Global"]
FOOD_CATEGORIES = ("amenity/restaurant", "amenity/fast_food", "amenity/cafe")

FREE_MAIL = ["gmail.com", "outlook.com", "yahoo.com", "hotmail.com", "web.de",
             "gmx.de", "yahoo.co.jp", "mail.ru", "orange.fr"]


def load_countries(path):
    en = json.load(open(os.path.join(path, "langs", "en.json"),
                        encoding="utf-8"))["countries"]
    names = {}
    for code, value in en.items():
        names[code] = {"en": value if isinstance(value, list) else [value]}
    for code, lang in COUNTRY_LANGUAGE.items():
        file = os.path.join(path, "langs", lang + ".json")
        if code in names and os.path.exists(file):
            value = json.load(open(file, encoding="utf-8"))["countries"].get(code)
            if value:
                names[code]["native"] = value if isinstance(value, list) else [value]
    alpha3 = {}
    codes = json.load(open(os.path.join(path, "codes.json"), encoding="utf-8"))
    for row in codes:
        alpha3[row[0]] = row[1]
    return names, alpha3


# ---------------------------------------------------------------------------
# Reference name key, only to group companies and to label pairs

STRIP_FORMS = {"inc", "llc", "ltd", "limited", "corp", "corporation", "co",
               "company", "plc", "gmbh", "ag", "sa", "sas", "bv", "nv", "ab",
               "as", "asa", "oy", "oyj", "spa", "srl", "pty", "kk", "se"}


def fold(text):
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"['’`´]", "", text)
    text = text.replace("&", " and ").replace("+", " and ")
    return " ".join(re.findall(r"\w+", text))


def name_key(text):
    words = fold(text).split()
    if words and words[0] == "the" and len(words) > 1:
        words = words[1:]
    while len(words) > 1 and words[-1] in STRIP_FORMS:
        words.pop()
    return " ".join(words)


def is_latin(text):
    return all(ord(c) < 0x250 for c in text if c.isalpha())


# ---------------------------------------------------------------------------
# The universe of companies

class Company:
    def __init__(self, qid, name, english, country, sites, profiles, cats):
        self.qid = qid
        self.name = name          # as the brand writes itself
        self.english = english    # English label when `name` is not Latin
        self.country = country    # ISO alpha-2
        self.sites = sites        # official websites, primary first
        self.profiles = profiles  # {"facebook": handle, ...}
        self.cats = cats
        self.domain = None        # registrable domain of the primary site
        self.alt_domains = []     # other registrable domains, same label
        self.duns = None


# Adjectives and names in Wikidata's English descriptions of brands.
DEMONYMS = {
    "american": "US", "united states": "US", "british": "GB", "english": "GB",
    "scottish": "GB", "united kingdom": "GB", "german": "DE", "germany": "DE",
    "french": "FR", "france": "FR", "italian": "IT", "italy": "IT",
    "spanish": "ES", "spain": "ES", "dutch": "NL", "netherlands": "NL",
    "belgian": "BE", "swiss": "CH", "austrian": "AT", "swedish": "SE",
    "norwegian": "NO", "danish": "DK", "finnish": "FI", "polish": "PL",
    "czech": "CZ", "slovak": "SK", "hungarian": "HU", "romanian": "RO",
    "bulgarian": "BG", "greek": "GR", "turkish": "TR", "russian": "RU",
    "ukrainian": "UA", "portuguese": "PT", "irish": "IE", "japanese": "JP",
    "chinese": "CN", "korean": "KR", "south korean": "KR", "taiwanese": "TW",
    "indian": "IN", "australian": "AU", "new zealand": "NZ", "canadian": "CA",
    "mexican": "MX", "brazilian": "BR", "argentine": "AR", "chilean": "CL",
    "colombian": "CO", "peruvian": "PE", "south african": "ZA",
    "israeli": "IL", "emirati": "AE", "saudi": "SA", "thai": "TH",
    "vietnamese": "VN", "indonesian": "ID", "malaysian": "MY",
    "singaporean": "SG", "filipino": "PH", "philippine": "PH",
    "croatian": "HR", "serbian": "RS", "slovenian": "SI", "estonian": "EE",
    "latvian": "LV", "lithuanian": "LT", "icelandic": "IS",
    "luxembourgish": "LU", "belarusian": "BY", "kazakh": "KZ",
    "nigerian": "NG", "kenyan": "KE", "egyptian": "EG", "moroccan": "MA",
    "pakistani": "PK", "hong kong": "HK",
}


def country_of_description(description):
    text = description.lower()
    best = None
    for word, code in DEMONYMS.items():
        match = re.search(r"\b" + re.escape(word) + r"\b", text)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), code)
    return best[1] if best else None


def load_universe(nsi_dir, psl, known_countries):
    nsi = json.load(open(os.path.join(nsi_dir, "dist/json/nsi.json"),
                         encoding="utf-8"))["nsi"]
    wiki = json.load(open(os.path.join(nsi_dir, "dist/wikidata/wikidata.json"),
                          encoding="utf-8"))["wikidata"]
    found = collections.OrderedDict()
    for category in sorted(nsi):
        if not category.startswith("brands/"):
            continue
        for item in nsi[category]["items"]:
            qid = item["tags"].get("brand:wikidata")
            if not qid:
                continue
            entry = found.setdefault(qid, {"names": collections.Counter(),
                                           "loc": set(), "cats": set()})
            entry["names"][item["displayName"]] += 1
            entry["cats"].add(category[len("brands/"):])
            for code in item["locationSet"].get("include", []):
                match = re.match(r"^([a-z]{2})(-[a-z0-9]+)?(\.geojson)?$",
                                 str(code).lower())
                entry["loc"].add(match.group(1) if match else str(code))
    companies = []
    for qid, entry in found.items():
        data = wiki.get(qid)
        if not data:
            continue
        codes = {("FR" if c.upper() == "FX" else c.upper()) for c in entry["loc"]
                 if re.fullmatch(r"[a-z]{2}", c)}
        if len(entry["loc"]) == 1 and len(codes) == 1:
            country = next(iter(codes))
        else:
            # A brand of several countries: its home country as its
            # Wikidata description names it ("Greek multinational toy shop
            # chain"), if that is one where it operates (or it operates
            # worldwide).
            country = country_of_description(data.get("description", ""))
            if not country or (codes and country not in codes and
                               not any(not re.fullmatch(r"[a-z]{2}", c)
                                       for c in entry["loc"])):
                continue
        if country not in known_countries:
            continue
        sites = list(data.get("officialWebsites") or [])
        website = data.get("identities", {}).get("website")
        if website and website not in sites:
            sites.append(website)
        if not sites:
            continue
        name = entry["names"].most_common(1)[0][0]
        label = data.get("label") or name
        english = label if (not is_latin(name) and is_latin(label)) else None
        profiles = {k: v for k, v in data.get("identities", {}).items()
                    if k in ("facebook", "instagram", "linkedin")}
        company = Company(qid, name, english, country, sites, profiles,
                          entry["cats"])
        domains = []
        for site in sites:
            host = host_of(site)
            domain = psl.registrable(host) if host else None
            if domain and domain not in SHARED_SITES and domain not in domains:
                domains.append(domain)
        if not domains:
            continue
        company.domain = domains[0]
        label0 = company.domain.split(".")[0]
        company.alt_domains = [d for d in domains[1:]
                               if d.split(".")[0] == label0]
        companies.append(company)
    # Sub-brands hosted on a parent's domain would match it by domain: keep
    # one company per registrable domain.
    by_domain = {}
    for company in companies:
        by_domain.setdefault(company.domain, company)
    kept = [c for c in companies if by_domain[c.domain] is c]
    taken = set(by_domain)
    for c in kept:
        c.taken = taken
    return kept


# ---------------------------------------------------------------------------
# Rendering

def salesforce_id(n):
    """An 18-character Salesforce id with a valid case-checksum suffix."""
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    body = "0015g"
    digits = []
    value = n
    for _ in range(10):
        digits.append(alphabet[value % 62])
        value //= 62
    body += "".join(reversed(digits))
    suffix = ""
    table = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
    for chunk in range(3):
        bits = 0
        for i, c in enumerate(body[chunk * 5:chunk * 5 + 5]):
            if "A" <= c <= "Z":
                bits |= 1 << i
        suffix += table[bits]
    return body + suffix


class Renderer:
    def __init__(self, seed, countries, alpha3):
        self.seed = seed
        self.countries = countries
        self.alpha3 = alpha3

    def rng(self, *parts):
        digest = hashlib.sha256(
            ("|".join(str(p) for p in (self.seed,) + parts)).encode()).digest()
        return random.Random(int.from_bytes(digest[:8], "big"))

    def country_word(self, code, r):
        names = self.countries.get(code, {})
        choices = list(names.get("en", [code]))
        if "native" in names:
            choices += names["native"][:1]
        choices.append(code)
        return r.choice(choices)

    def country_cell(self, code, r):
        names = self.countries.get(code)
        if not names:
            return code
        roll = r.random()
        if roll < 0.55:
            return names["en"][0] if code not in ("US", "GB", "KR", "TW", "RU") \
                else names["en"][min(1, len(names["en"]) - 1)]
        if roll < 0.70:
            return r.choice(names["en"])
        if roll < 0.78:
            return code
        if roll < 0.82:
            return self.alpha3.get(code, code)
        if roll < 0.95 and "native" in names:
            return names["native"][0]
        return names["en"][0].upper()

    def name(self, company, side, r, stats):
        name = company.name
        if company.english and r.random() < (0.6 if side == "b" else 0.2):
            name = company.english
        words = name.split()
        roll = r.random()
        if roll < 0.07 and len(words) > 1 and len(words) <= 3:
            name = "".join(w[:1].upper() + w[1:] for w in words)
            stats["joined"] += 1
        elif roll < 0.10 and re.search(r"[a-z][A-Z]", name):
            name = re.sub(r"([a-z])([A-Z])", r"\1 \2", name)
            stats["split"] += 1
        if r.random() < 0.05:
            if any(c in FOOD_CATEGORIES for c in company.cats) and r.random() < 0.5:
                word = "Restaurants"
            else:
                word = r.choice(GENERIC_WORDS)
            name = f"{name} {word}"
            stats["generic_word"] += 1
        if r.random() < 0.45:
            forms = LEGAL_FORMS.get(company.country, ["Ltd", "Inc."])
            form = r.choice(forms)
            name = f"{name}{form}" if form.startswith(",") else f"{name} {form}"
        if r.random() < 0.06:
            region = [n for n, members in REGIONS.items()
                      if company.country in members]
            if region and r.random() < 0.3:
                word = r.choice(region)
            else:
                word = self.country_word(company.country, r)
            style = r.random()
            if style < 0.45:
                name = f"{name} ({word})"
            elif style < 0.7:
                name = f"{name} - {word}"
            else:
                name = f"{name} {word}"
            stats["country_in_name"] += 1
        if "&" in name and r.random() < 0.4:
            name = name.replace("&", "and")
        if r.random() < 0.03:
            name = "The " + name
        if r.random() < 0.1:
            stripped = "".join(c for c in unicodedata.normalize("NFKD", name)
                               if not unicodedata.combining(c))
            if is_latin(name):
                name = stripped
        roll = r.random()
        if roll < 0.06:
            name = name.upper()
        elif roll < 0.09:
            name = name.lower()
        if r.random() < 0.05:
            name = name.replace(" ", "  ", 1) + " "
        return name

    def url(self, host, r):
        roll = r.random()
        scheme = "https://" if roll < 0.55 else ("http://" if roll < 0.65 else "")
        www = "www." if r.random() < 0.6 else ""
        if r.random() < 0.06:
            www = r.choice(["shop.", "en.", "corporate.", "www2.", "careers."])
        path = ""
        roll = r.random()
        if roll < 0.15:
            path = r.choice(["/", "/en/", "/about", "/home", "/de/"])
        elif roll < 0.18:
            path = "/?utm_source=crm"
        url = f"{scheme}{www}{host}{path}"
        return url.upper() if r.random() < 0.03 else url

    def website(self, company, side, r, stats):
        """(website url or "", the domain it uses or None, kind)."""
        roll = r.random()
        if roll < 0.14:
            stats["missing_website"] += 1
            return "", None
        if roll < 0.17 and company.profiles:
            kind, handle = sorted(company.profiles.items())[0]
            stats["profile_url"] += 1
            if kind == "linkedin":
                return f"https://www.linkedin.com/company/{handle}", None
            return f"https://www.{kind}.com/{handle}", None
        if roll < 0.185:
            label = company.domain.split(".")[0]
            stats["hosted_site"] += 1
            return r.choice([f"https://{label}.wixsite.com/home",
                             f"https://sites.google.com/view/{label}",
                             f"{label}.myshopify.com"]), None
        domain = company.domain
        label, _, suffix = domain.partition(".")
        roll = r.random()
        if side == "b" and company.alt_domains and roll < 0.5:
            domain = company.alt_domains[0]
            stats["alternate_tld"] += 1
        elif roll < 0.06:
            # Another public suffix for the same label: the country's own
            # for a .com site, .com otherwise; never another company's, and
            # not for a brand top-level domain ("group.bnpparibas").
            cc = company.country.lower()
            cc = {"gb": "co.uk", "jp": "co.jp", "au": "com.au",
                  "nz": "co.nz", "za": "co.za", "br": "com.br"}.get(cc, cc)
            other = f"{label}.{cc}" if suffix == "com" else f"{label}.com"
            if other not in company.taken and len(suffix) <= 6:
                domain = other
                stats["alternate_tld"] += 1
        elif roll < 0.075:
            other = r.choice([f"{label}group.com", f"get{label}.com",
                              f"{label}-{company.country.lower()}.com",
                              f"{label}online.com"])
            if other not in company.taken and len(suffix) <= 6:
                domain = other
                stats["redirect_style_domain"] += 1
        try:
            host = domain.encode("ascii").decode()
        except UnicodeError:
            host = domain
        if host.startswith("xn--") or ".xn--" in host:
            try:
                host = host.encode("ascii").decode("idna")
            except UnicodeError:
                pass
        return self.url(host, r), domain


# ---------------------------------------------------------------------------
# The set

def pick_half(groups, seed):
    """Splits clusters (lists of companies) in two, by a hash of the seed and
    the cluster's first QID: half 0 is `tune`, half 1 `holdout`."""
    halves = ([], [])
    for cluster in groups:
        key = f"{seed}|{cluster[0].qid}"
        h = int(hashlib.sha256(key.encode()).hexdigest(), 16) % 2
        halves[h].append(cluster)
    return halves


def build_half(name, clusters, renderer, seed, shared_rate, out_dir):
    stats = collections.Counter()
    vendor_rows, partner_rows = [], []
    records = {"a": collections.defaultdict(list), "b": collections.defaultdict(list)}
    by_qid = {}
    next_id = {"a": 1, "b": 1}
    roles = {}
    for cluster in clusters:
        for company in cluster:
            by_qid[company.qid] = company
            r = renderer.rng("role", company.qid)
            if len(cluster) > 1:
                roll = r.random()
                roles[company.qid] = "ab" if roll < 0.85 else ("a" if roll < 0.925 else "b")
            else:
                roll = r.random()
                roles[company.qid] = ("ab" if roll < shared_rate else
                                      ("a" if roll < (1 + shared_rate) / 2 else "b"))
    order = sorted(by_qid, key=lambda q: hashlib.sha256(f"{seed}|{q}".encode()).hexdigest())
    for side in ("a", "b"):
        for qid in order:
            if side not in roles[qid]:
                continue
            company = by_qid[qid]
            copies = 2 if renderer.rng("dup", qid, side).random() < 0.03 else 1
            for copy in range(copies):
                r = renderer.rng("render", qid, side, copy)
                row_name = renderer.name(company, side, r, stats)
                website, _ = renderer.website(company, side, r, stats)
                country = company.country
                if r.random() < 0.015 and country in NEIGHBOURS:
                    country = NEIGHBOURS[country]
                    stats["billed_in_other_country"] += 1
                country_cell = "" if r.random() < 0.12 else renderer.country_cell(country, r)
                duns = ""
                if company.duns and r.random() < 0.15:
                    duns = company.duns
                if side == "a":
                    rid = salesforce_id(int(hashlib.sha256(f"{seed}|{name}|a|{next_id['a']}".encode()).hexdigest(), 16) % (62 ** 10))
                    next_id["a"] += 1
                    additional = ""
                    if company.alt_domains and r.random() < 0.1:
                        additional = ";".join(company.alt_domains[:2])
                    vendor_rows.append([rid, row_name, r.choice(["Customer - Direct", "Customer - Channel", "Prospect", "Other", ""]),
                                        website, additional, duns, "", country_cell, ""])
                else:
                    rid = str(10000000000 + int(hashlib.sha256(f"{seed}|{name}|b|{next_id['b']}".encode()).hexdigest(), 16) % 30000000000)
                    next_id["b"] += 1
                    domain_cell = ""
                    roll = r.random()
                    host = host_of(website) if website else None
                    if host and roll < 0.6:
                        domain_cell = renderer_domain(host)
                    elif roll < 0.62:
                        domain_cell = r.choice(FREE_MAIL)
                    url_cell = website if r.random() < 0.85 else ""
                    if not domain_cell and not url_cell:
                        url_cell = website
                    partner_rows.append([rid, row_name, domain_cell, url_cell,
                                         r.choice(["Customer", "Lead", "Opportunity", "Subscriber", ""]),
                                         duns, country_cell, "", "", ""])
                records[side][qid].append(rid)
    # Labels.
    truth = []
    for qid in order:
        for x in records["a"].get(qid, []):
            for y in records["b"].get(qid, []):
                truth.append((x, y))
    negatives = []
    seen = set()

    def add_negative(kind, qa, qb, why):
        for x in records["a"].get(qa, []):
            for y in records["b"].get(qb, []):
                if (x, y) not in seen:
                    seen.add((x, y))
                    negatives.append((x, y, f"{kind}: {why}"))

    for cluster in clusters:
        if len(cluster) < 2:
            continue
        for ca in cluster:
            for cb in cluster:
                if ca.qid != cb.qid:
                    add_negative("same_name_different_company", ca.qid, cb.qid,
                                 f"{ca.name} ({ca.country}, {ca.domain}) vs {cb.name} ({cb.country}, {cb.domain})")
    companies = [by_qid[q] for q in order]
    keys = {c.qid: name_key(c.name) for c in companies}
    by_first = collections.defaultdict(list)
    for c in companies:
        words = keys[c.qid].split()
        if len(words) >= 2 and len(words[0]) >= 3:
            by_first[words[0]].append(c)
    count = 0
    for first, members in sorted(by_first.items()):
        for ca in members:
            for cb in members:
                if ca.qid != cb.qid and keys[ca.qid] != keys[cb.qid] and count < 400:
                    before = len(negatives)
                    add_negative("shared_first_word", ca.qid, cb.qid, f"{ca.name} vs {cb.name}")
                    count += len(negatives) > before
    by_key = collections.defaultdict(list)
    for c in companies:
        by_key[keys[c.qid]].append(c)
    count = 0
    for c in companies:
        words = keys[c.qid].split()
        for n in range(1, len(words)):
            inner = " ".join(words[:n])
            for other in by_key.get(inner, []):
                if other.qid != c.qid and count < 300:
                    before = len(negatives)
                    add_negative("name_inside_another", other.qid, c.qid, f"{other.name} vs {c.name}")
                    add_negative("name_inside_another", c.qid, other.qid, f"{c.name} vs {other.name}")
                    count += len(negatives) > before
    by_label = collections.defaultdict(list)
    for c in companies:
        by_label[c.domain.split(".")[0]].append(c)
    for label, members in sorted(by_label.items()):
        for ca in members:
            for cb in members:
                if ca.qid != cb.qid:
                    add_negative("same_brand_label_different_company", ca.qid, cb.qid,
                                 f"{ca.domain} vs {cb.domain}")
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "vendor.csv"), "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        writer.writerow(["Account ID", "Account Name", "Type", "Website", "Additional Domains",
                         "D-U-N-S Number", "LEI", "Billing Country", "Industry"])
        writer.writerows(vendor_rows)
    with open(os.path.join(out_dir, "partner.csv"), "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["Record ID", "Company name", "Company Domain Name", "Website URL",
                         "Lifecycle Stage", "DUNS", "Country/Region", "Industry",
                         "Registration ID", "Registration Country"])
        writer.writerows(partner_rows)
    with open(os.path.join(out_dir, "truth.csv"), "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["vendor_id", "partner_id"])
        writer.writerows(sorted(truth))
    with open(os.path.join(out_dir, "hard_negatives.csv"), "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["vendor_id", "partner_id", "why"])
        writer.writerows(sorted(negatives))
    with open(os.path.join(out_dir, "all_accounts.yaml"), "w", encoding="utf-8") as f:
        f.write("# Matching evaluation: every record takes part (one population, all\n"
                "# rows), whatever its Type or Lifecycle Stage.\n"
                "populations:\n  - name: All accounts\n    kind: other\n    where: all\n")
    kinds = collections.Counter(n[2].split(":")[0] for n in negatives)
    return {"vendor_records": len(vendor_rows), "partner_records": len(partner_rows),
            "true_pairs": len(truth), "hard_negatives": len(negatives),
            "negatives_by_kind": dict(sorted(kinds.items())),
            "rendering": dict(sorted(stats.items())),
            "companies": len(by_qid),
            "same_name_groups": sum(1 for c in clusters if len(c) > 1)}


def renderer_domain(host):
    host = host.lower()
    return host[4:] if host.startswith("www.") else host


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nsi", required=True)
    parser.add_argument("--countries", required=True)
    parser.add_argument("--psl", default="/usr/share/publicsuffix/public_suffix_list.dat")
    parser.add_argument("--out", default="tests/data/matching_hard")
    parser.add_argument("--seed", default="20261207")
    parser.add_argument("--companies", type=int, default=9000,
                        help="companies drawn from the universe (both halves)")
    args = parser.parse_args()
    psl = PublicSuffixes(args.psl)
    countries, alpha3 = load_countries(args.countries)
    universe = load_universe(args.nsi, psl, set(countries))
    # Same name, different company: clusters by reference key.
    by_key = collections.defaultdict(list)
    for c in universe:
        by_key[name_key(c.name).replace(" ", "")].append(c)
    groups = [members for key, members in by_key.items() if len(members) > 1 and key]
    singles = [members for key, members in by_key.items() if len(members) == 1 and key]
    r = random.Random(args.seed)
    r.shuffle(singles)
    budget = max(0, args.companies - sum(len(g) for g in groups))
    clusters = groups + singles[:budget]
    for cluster in clusters:
        for c in cluster:
            if renderer_rng_flag(args.seed, c.qid):
                c.duns = "%09d" % (int(hashlib.sha256(f"duns|{c.qid}".encode()).hexdigest(), 16) % 10 ** 9)
    renderer = Renderer(args.seed, countries, alpha3)
    tune, holdout = pick_half(clusters, args.seed)
    summary = {"universe": len(universe), "same_name_groups": len(groups)}
    for name, half in (("tune", tune), ("holdout", holdout)):
        summary[name] = build_half(name, half, renderer, args.seed, 0.36,
                                   os.path.join(args.out, name))
    with open(os.path.join(args.out, "summary.json"), "w", encoding="utf-8") as f:
        json.dump(summary, f, indent=1, ensure_ascii=False)
        f.write("\n")
    json.dump(summary, sys.stdout, indent=1, ensure_ascii=False)
    print()


def renderer_rng_flag(seed, qid):
    return int(hashlib.sha256(f"{seed}|has_duns|{qid}".encode()).hexdigest(), 16) % 100 < 40


if __name__ == "__main__":
    main()
