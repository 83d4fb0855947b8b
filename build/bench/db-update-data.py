#!/usr/bin/env python3
"""Generates full-size inputs for build/bench/db-update.sh, in the real formats:
  NuGet/all.zip        an OSV export of the NuGet ecosystem like osv.dev's (COUNT GHSA records, one <id>.json
                       each, pretty-printed like GitHub's, with CVE aliases, CVSS vectors, 1-3 ranges,
                       last_known_affected_version_range on some, references)
  tracker/data/json    a Debian Security Tracker JSON of about SIZE_MB (every release since stretch, sid, descriptions)
  npm/all.zip          an OSV export of the npm ecosystem (NPM_COUNT records): GHSA records like the NuGet ones
                       (SemVer ranges, CVE aliases, some records naming several packages), one in 20 about a
                       library SupplyGate recognises in wwwroot (jquery, bootstrap, angular, ...), and one in four a
                       malicious-package record (MAL-..., "introduced": "0" only, no fix) as osv.dev's export carries
Deterministic (fixed seed). Usage: db-update-data.py OUT_DIR [COUNT] [SIZE_MB] [NPM_COUNT]"""
import json, os, random, sys, zipfile

out = sys.argv[1]
count = int(sys.argv[2]) if len(sys.argv) > 2 else 5000
size_mb = int(sys.argv[3]) if len(sys.argv) > 3 else 60
npm_count = int(sys.argv[4]) if len(sys.argv) > 4 else 20000
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
# Libraries SupplyGate recognises in a publish output (RetireJS npm names); the rest of the export is other packages.
known = ["jquery", "bootstrap", "angular", "jquery-ui", "jquery-validation", "lodash", "moment", "handlebars", "vue", "react-dom", "dompurify", "knockout"]
os.makedirs(os.path.join(out, "npm"), exist_ok=True)
with zipfile.ZipFile(os.path.join(out, "npm", "all.zip"), "w", zipfile.ZIP_DEFLATED) as archive:
    for i in range(npm_count):
        if rng.random() < 0.25:
            mid = f"MAL-{rng.randint(2022, 2026)}-{i}"
            record = {
                "schema_version": "1.5.0", "id": mid, "modified": "2026-10-01T12:00:00Z", "published": "2025-01-01T00:00:00Z",
                "summary": f"Malicious code in pkg-{i}", "details": "The package runs a script that exfiltrates environment variables. " * rng.randint(1, 6),
                "affected": [{"package": {"ecosystem": "npm", "name": f"pkg-{i}"}, "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}]}],
                              "database_specific": {"source": "https://github.com/ossf/malicious-packages"}}],
                "references": [{"type": "WEB", "url": f"https://www.npmjs.com/package/pkg-{i}"}],
            }
            archive.writestr(f"{mid}.json", json.dumps(record, indent=2))
            continue
        gid = ghsa()
        cve = f"CVE-{rng.randint(2015, 2026)}-{rng.randint(1000, 99999)}"
        packages = [rng.choice(known) if rng.random() < 0.05 else f"@scope{rng.randint(0, 300)}/lib{rng.randint(0, 60)}" if rng.random() < 0.3 else f"lib-{rng.randint(0, 9000)}"
                    for _ in range(rng.choice([1, 1, 1, 2, 3]))]
        affected = []
        for name in packages:
            ranges = []
            for _ in range(rng.choice([1, 1, 2, 3])):
                events = [{"introduced": rng.choice(["0", version()])}]
                events.append({"fixed": version()} if rng.random() < 0.9 else {"last_affected": version()})
                ranges.append({"type": "SEMVER", "events": events})
            affected.append({"package": {"ecosystem": "npm", "name": name, "purl": f"pkg:npm/{name.replace('@', '%40')}"}, "ranges": ranges,
                             "database_specific": {"source": f"https://github.com/github/advisory-database/blob/main/advisories/github-reviewed/{gid}.json"}})
        record = {
            "schema_version": "1.4.0", "id": gid, "modified": "2026-10-01T12:00:00Z", "published": "2024-03-01T00:00:00Z",
            "aliases": [cve], "summary": f"Synthetic advisory {i} for {packages[0]}",
            "details": "Generated for the db update benchmark. " * rng.randint(2, 40),
            "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N"}],
            "affected": affected,
            "references": [{"type": "ADVISORY", "url": f"https://nvd.nist.gov/vuln/detail/{cve}"},
                           {"type": "WEB", "url": f"https://github.com/advisories/{gid}"}],
            "database_specific": {"cwe_ids": ["CWE-79"], "severity": rng.choice(["LOW", "MODERATE", "HIGH", "CRITICAL"]), "github_reviewed": True},
        }
        archive.writestr(gid + ".json", json.dumps(record, indent=2))

print(f"{npm_count} npm OSV records ({os.path.getsize(os.path.join(out, 'npm', 'all.zip')) / 1048576:.1f} MB zipped)", file=sys.stderr)
print(f"{count} OSV records, tracker {os.path.getsize(os.path.join(out, 'tracker', 'data', 'json')) / 1048576:.1f} MB", file=sys.stderr)
