#!/usr/bin/env python3
"""Generates full-size inputs for build/bench/db-update.sh, in the real formats:
  NuGet/all.zip        an OSV export of the NuGet ecosystem like osv.dev's (COUNT GHSA records, one <id>.json
                       each, pretty-printed like GitHub's, with CVE aliases, CVSS vectors, 1-3 ranges,
                       last_known_affected_version_range on some, references)
  tracker/data/json    a Debian Security Tracker JSON of about SIZE_MB (every release since stretch, sid, descriptions)
Deterministic (fixed seed). Usage: db-update-data.py OUT_DIR [COUNT] [SIZE_MB]"""
import json, os, random, sys, zipfile

out = sys.argv[1]
count = int(sys.argv[2]) if len(sys.argv) > 2 else 5000
size_mb = int(sys.argv[3]) if len(sys.argv) > 3 else 60
rng = random.Random(12)
alphabet = "23456789cfghjmpqrvwx"

def ghsa():
    return "GHSA-" + "-".join("".join(rng.choice(alphabet) for _ in range(4)) for _ in range(3))

def version():
    return f"{rng.randint(0, 12)}.{rng.randint(0, 20)}.{rng.randint(0, 30)}"

os.makedirs(os.path.join(out, "NuGet"), exist_ok=True)
with zipfile.ZipFile(os.path.join(out, "NuGet", "all.zip"), "w", zipfile.ZIP_DEFLATED) as archive:
    for i in range(count):
        gid = ghsa()
        cve = f"CVE-{rng.randint(2015, 2026)}-{rng.randint(1000, 99999)}"
        packages = [f"Vendor{rng.randint(0, 1500)}.Package{rng.randint(0, 40)}" for _ in range(rng.choice([1, 1, 1, 2, 3]))]
        affected = []
        for name in packages:
            ranges = []
            for _ in range(rng.choice([1, 1, 2, 3])):
                events = [{"introduced": rng.choice(["0", version()])}]
                events.append({"fixed": version()} if rng.random() < 0.9 else {"last_affected": version()})
                ranges.append({"type": "ECOSYSTEM", "events": events})
            entry = {"package": {"ecosystem": "NuGet", "name": name}, "ranges": ranges}
            if rng.random() < 0.1:
                entry["database_specific"] = {"last_known_affected_version_range": f"<= {version()}"}
            affected.append(entry)
        record = {
            "schema_version": "1.4.0", "id": gid, "modified": "2026-10-01T12:00:00Z", "published": "2024-03-01T00:00:00Z",
            "aliases": [cve], "summary": f"Synthetic advisory {i} for {packages[0]}",
            "details": "Generated for the db update benchmark. " * rng.randint(2, 20),
            "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
            "affected": affected,
            "references": [{"type": "ADVISORY", "url": f"https://nvd.nist.gov/vuln/detail/{cve}"},
                           {"type": "WEB", "url": f"https://github.com/advisories/{gid}"}],
            "database_specific": {"cwe_ids": ["CWE-79"], "severity": rng.choice(["LOW", "MODERATE", "HIGH", "CRITICAL"]), "github_reviewed": True},
        }
        archive.writestr(gid + ".json", json.dumps(record, indent=2))

releases = ["stretch", "buster", "bullseye", "bookworm", "trixie", "sid"]
statuses = ["resolved", "resolved", "resolved", "open", "undetermined"]
os.makedirs(os.path.join(out, "tracker", "data"), exist_ok=True)
target = size_mb * 1024 * 1024
with open(os.path.join(out, "tracker", "data", "json"), "w") as f:
    f.write("{")
    written, package = 1, 0
    while written < target:
        body = {}
        for _ in range(rng.randint(1, 40)):
            rel = {}
            for r in releases:
                st = rng.choice(statuses)
                rel[r] = {"status": st, "repositories": {r: version() + "-1"}, "urgency": rng.choice(["low", "medium", "high", "not yet assigned", "unimportant"])}
                if st == "resolved":
                    rel[r]["fixed_version"] = rng.choice([version() + "-1+deb12u1", "0"])
            body[f"CVE-{rng.randint(2005, 2026)}-{rng.randint(1000, 99999)}"] = {
                "description": "A synthetic issue description of realistic length for the tracker benchmark. " * rng.randint(1, 4),
                "scope": "remote", "releases": rel}
        text = ("," if package else "") + json.dumps(f"src{package}") + ":" + json.dumps(body)
        f.write(text)
        written += len(text)
        package += 1
    f.write("}")
print(f"{count} OSV records, tracker {os.path.getsize(os.path.join(out, 'tracker', 'data', 'json')) / 1048576:.1f} MB", file=sys.stderr)
