#!/usr/bin/env python3
"""Rebuilds tests/Fuzz/corpus/ from the repository's fixtures (tests/Fixtures, whose READMEs name each
file's source and license) and from small inputs synthesized here (tar layers, rpm headers, OCI
documents, NuGet VulnerabilityInfo pages). Run from the repository root; the output is committed."""
import base64, glob, gzip, io, json, os, re, shutil, struct, sys, tarfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "tests", "Fuzz", "corpus")
FIX = os.path.join(ROOT, "tests", "Fixtures")
MAX = 24 * 1024  # small seeds keep every fuzz case fast


SEEN = {}


def put(target, name, data, limit=16):
    os.makedirs(os.path.join(OUT, target), exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    seen = SEEN.setdefault(target, set())
    if data in seen or len(seen) >= limit or len(data) > 64 * 1024:
        return
    seen.add(data)
    with open(os.path.join(OUT, target, name), "wb") as f:
        f.write(data)


def copy(target, pattern, limit=12, max_size=MAX):
    files = sorted(p for p in glob.glob(os.path.join(FIX, pattern), recursive=True)
                   if os.path.isfile(p) and os.path.getsize(p) <= max_size and not p.endswith("README.md"))
    for p in files[:limit]:
        put(target, os.path.relpath(p, FIX).replace("/", "__"), open(p, "rb").read())
    return files[:limit]


HAPPY = os.path.join(FIX, "sigstore", "conformance", "bundle-verify", "intoto-with-custom-trust-root", "bundle.sigstore.json")


def bundles():
    # The verification baseline first, so its timestamp, body and checkpoint are always seeds.
    for p in [HAPPY] + sorted(glob.glob(os.path.join(FIX, "sigstore", "**", "*"), recursive=True)):
        if not os.path.isfile(p) or os.path.getsize(p) > 64 * 1024:
            continue
        try:
            doc = json.load(open(p, encoding="utf-8"))
        except (ValueError, UnicodeDecodeError):
            continue
        if isinstance(doc, dict) and str(doc.get("mediaType", "")).startswith("application/vnd.dev.sigstore.bundle"):
            yield p, doc


shutil.rmtree(OUT, ignore_errors=True)

# CycloneDX documents and VEX
copy("cyclonedx", "cyclonedx/1.6/valid-*.json", limit=16, max_size=8 * 1024)
copy("vex", "vex/*.json")

# purl strings from every CycloneDX fixture
purls = set()
for p in glob.glob(os.path.join(FIX, "**", "*.json"), recursive=True):
    purls.update(re.findall(r'"(pkg:[^"\\]{1,200})"', open(p, encoding="utf-8", errors="ignore").read()))
for i, purl in enumerate(sorted(purls)[:60]):
    put("purl", f"purl-{i:02}.txt", purl, limit=60)

# advisories
copy("osv", "ghsa/osv/*.json")
pages = {}
for p in sorted(glob.glob(os.path.join(FIX, "ghsa", "osv", "*.json")))[:6]:
    rec = json.load(open(p, encoding="utf-8"))
    sev = ["LOW", "MODERATE", "HIGH", "CRITICAL"].index(rec.get("database_specific", {}).get("severity", "LOW")) \
        if rec.get("database_specific", {}).get("severity") in ["LOW", "MODERATE", "HIGH", "CRITICAL"] else 0
    for a in rec.get("affected", []):
        pid = a["package"]["name"].lower()
        for r in a.get("ranges", []):
            ev = r.get("events", [])
            lo = next((e["introduced"] for e in ev if "introduced" in e), "0")
            hi = next((e["fixed"] for e in ev if "fixed" in e), None)
            rng = f"[{lo}, {hi})" if hi else f"[{lo}, )"
            pages.setdefault(pid, []).append({"severity": sev, "url": f"https://github.com/advisories/{rec['id']}", "versions": rng})
put("nuget-vulninfo", "page.json", json.dumps(pages, indent=2))
put("nuget-vulninfo", "page-compact.json", json.dumps(dict(list(pages.items())[:2])))
put("nuget-vulninfo", "index.json", json.dumps([{"@name": "base", "@id": "base.json", "@updated": "2024-10-09T00:00:00Z"}]))

# OS and runtime advisory sources (the public default sources' formats)
copy("debian-tracker", "debian/tracker-sample.json")
put("debian-tracker", "bookworm-only.json", json.dumps({"openssl": {"CVE-2024-0001": {"description": "x", "releases": {
    "bookworm": {"status": "resolved", "fixed_version": "3.0.13-1~deb12u1", "urgency": "medium", "repositories": {"bookworm": "3.0.11-1~deb12u2"}}}}}}))
changelog = open(os.path.join(FIX, "debian", "bookworm-changelog-cve-fixes.jsonl"), encoding="utf-8").read().splitlines()
put("debian-changelog", "bookworm-head.jsonl", "\n".join(changelog[:40]) + "\n")
copy("alpine-secdb", "alpine-secdb/*.json", max_size=64 * 1024)
copy("dotnet-releases", "dotnet-releases/releases-index.json")
releases = json.load(open(os.path.join(FIX, "dotnet-releases", "releases-8.0.json"), encoding="utf-8"))
def slim(part):
    return {k: v for k, v in part.items() if k not in ("files", "vs-support", "vs-mac-support", "csharp-version", "fsharp-version", "vb-version")} \
        if isinstance(part, dict) else part
releases["releases"] = [{k: slim(v) for k, v in r.items() if k != "sdks"} for r in releases["releases"] if r.get("cve-list")][:2]
put("dotnet-releases", "releases-8.0-two-security-releases.json", json.dumps(releases, indent=1))

# what `supplygate serve` reads: AdmissionReview bodies in the API server's shape, and the example config
def review(kind, obj):
    return json.dumps({"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {
        "uid": "705ab4f5-6393-11e8-b7cc-42010a800002", "kind": {"group": "apps" if kind != "Pod" else "", "version": "v1", "kind": kind},
        "resource": {"group": "", "version": "v1", "resource": kind.lower() + "s"}, "namespace": "team", "operation": "CREATE",
        "userInfo": {"username": "admin"}, "object": obj, "oldObject": None, "dryRun": False}}, indent=1)
pod_spec = {"containers": [{"name": "app", "image": "registry.example/team/app:1.0"}],
            "initContainers": [{"name": "init", "image": "registry.example/team/init@sha256:" + "a" * 64}]}
put("admission-review", "pod.json", review("Pod", {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": pod_spec}))
put("admission-review", "deployment.json", review("Deployment", {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"},
    "spec": {"template": {"metadata": {}, "spec": pod_spec}}}))
put("admission-review", "cronjob.json", review("CronJob", {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "c"},
    "spec": {"jobTemplate": {"spec": {"template": {"spec": pod_spec}}}}}))
copy("pod-list", "kubernetes/*.json")

# platform text (--platform, policies, --sbom PLATFORM=FILE) and .NET runtime identifiers
for i, text in enumerate(["linux/amd64", "linux/arm64", "linux/arm64/v8", "linux/arm/v7", "linux/386", "windows/amd64",
                          "Linux/ARM64", "linux/s390x", "linux-x64", "linux-musl-arm64", "linux-arm", "win-x86",
                          "linux/arm64=app.arm64.cdx.json", "linux//v8", "linux/arm64/v8/x", "unknown/unknown"]):
    put("platform", f"platform-{i:02}.txt", text)
put("admission-config", "admission.yaml", open(os.path.join(ROOT, "deploy", "examples", "admission.yaml"), "rb").read())

# client-side libraries: a few RetireJS entries, manifests; license texts
repo = json.load(open(os.path.join(ROOT, "src", "SupplyGate.Core", "Inventory", "ClientLibraries", "Data", "retirejs-jsrepository-v5.json"), encoding="utf-8")) \
    if os.path.exists(os.path.join(ROOT, "src", "SupplyGate.Core", "Inventory", "ClientLibraries", "Data", "retirejs-jsrepository-v5.json")) else {}
for name in ["jquery", "bootstrap", "angularjs"]:
    if name in repo:
        entry = dict(repo[name]); entry["vulnerabilities"] = entry.get("vulnerabilities", [])[:4]
        put("retirejs", f"{name}.json", json.dumps({name: entry}, indent=1))
put("client-manifest", "package.json", json.dumps({"name": "jquery", "version": "3.3.1", "license": "MIT", "main": "dist/jquery.js"}, indent=2))
put("client-manifest", "libman.json", json.dumps({"version": "1.0", "defaultProvider": "cdnjs", "libraries": [
    {"library": "jquery@3.3.1", "destination": "wwwroot/lib/jquery", "files": ["jquery.min.js"]},
    {"provider": "unpkg", "library": "bootstrap@4.0.0", "destination": "wwwroot/lib/bootstrap/"}]}, indent=2))
copy("license-text", "licenses/*LICENSE*", limit=4, max_size=8 * 1024)
# shipped files read as stylesheets, scripts and LICENSE files: banners and the template libraries' licenses
copy("client-file", "client-libraries/mvc-wwwroot/lib/*/LICENSE*", limit=4)
copy("client-file", "client-libraries/stylesheets/normalize.css-8.0.1/normalize.css")
for css in ["bootstrap-5.3.3/bootstrap.rtl.min.css", "font-awesome-4.7.0/font-awesome.min.css"]:
    put("client-file", css.replace("/", "__") + ".head", open(os.path.join(FIX, "client-libraries", "stylesheets", css), "rb").read()[:4096])

# policy YAML: the shipped presets and the documented example
for p in sorted(glob.glob(os.path.join(ROOT, "policies", "*.yaml")) + [os.path.join(ROOT, "docs", "examples", "supplygate.yml")]):
    put("policy", os.path.basename(p), open(p, "rb").read())

# .NET project inputs
copy("deps", "nuget/deps/*.deps.json", max_size=16 * 1024)
copy("assets", "nuget/assets/*.json", limit=3, max_size=24 * 1024)
copy("runtimeconfig", "nuget/sampleapp/*.runtimeconfig.json")
put("runtimeconfig", "framework-references.json", json.dumps({"runtimeOptions": {"tfm": "net8.0", "frameworks": [
    {"name": "Microsoft.NETCore.App", "version": "8.0.0"}, {"name": "Microsoft.AspNetCore.App", "version": "8.0.0"}],
    "includedFrameworks": [{"name": "Microsoft.NETCore.App", "version": "8.0.11"}]}}, indent=2))
home = os.path.expanduser("~/.nuget/packages")
for pkg in ["xunit/2.9.3/xunit.nuspec", "nuget.versioning/8.0.0/nuget.versioning.nuspec", "yamldotnet/16.3.0/yamldotnet.nuspec"]:
    if os.path.exists(os.path.join(home, pkg)):
        put("nuspec", os.path.basename(pkg), open(os.path.join(home, pkg), "rb").read())

# OS package databases
copy("dpkg", "dpkg/syft__*.status")
copy("apk", "apk/*.installed", max_size=16 * 1024)
copy("os-release", "os-release/*")


def rpm_header(fields, epoch=None):
    entries, data = [], bytearray()
    for tag, value in fields:
        entries.append((tag, 6, len(data)))
        data += value.encode() + b"\0"
    if epoch is not None:
        while len(data) % 4:
            data += b"\0"
        entries.append((1003, 4, len(data)))
        data += struct.pack(">i", epoch)
    blob = struct.pack(">ii", len(entries), len(data))
    for tag, typ, off in entries:
        blob += struct.pack(">iiii", tag, typ, off, 1)
    return blob + bytes(data)


put("rpm-header", "openssl-libs.bin", rpm_header([(1000, "openssl-libs"), (1001, "3.0.7"), (1002, "24.el9"), (1022, "x86_64"), (1044, "openssl-3.0.7-24.el9.src.rpm")], epoch=1))
put("rpm-header", "bash.bin", rpm_header([(1000, "bash"), (1001, "5.1.8"), (1002, "6.el9_1"), (1022, "x86_64"), (1044, "bash-5.1.8-6.el9_1.src.rpm")]))
put("rpm-header", "gpg-pubkey.bin", rpm_header([(1000, "gpg-pubkey"), (1001, "fd431d51"), (1002, "4ae0493b")]))


# image layers: small tars with the files the analyzers read, links and whiteouts
def layer(entries, gz=False):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT if gz else tarfile.GNU_FORMAT) as tar:
        for name, kind, value in entries:
            info = tarfile.TarInfo(name)
            info.mtime = 1700000000
            if kind == "file":
                info.size = len(value)
                tar.addfile(info, io.BytesIO(value))
            elif kind == "dir":
                info.type = tarfile.DIRTYPE
                tar.addfile(info)
            else:
                info.type = tarfile.SYMTYPE if kind == "sym" else tarfile.LNKTYPE
                info.linkname = value
                tar.addfile(info)
    raw = buf.getvalue()
    return gzip.compress(raw, mtime=0) if gz else raw


dpkg = open(os.path.join(FIX, "dpkg", "syft__multiple.status"), "rb").read()
osrel = open(os.path.join(FIX, "os-release", "debian-12"), "rb").read()
apk = open(os.path.join(FIX, "apk", "trivy__alpine.installed"), "rb").read()[:3000]
put("layer", "debian.tar", layer([("etc/", "dir", None), ("etc/os-release", "file", osrel), ("var/lib/dpkg/status", "file", dpkg)]))
put("layer", "debian.tar.gz", layer([("etc/os-release", "file", osrel), ("var/lib/dpkg/status", "file", dpkg)], gz=True))
put("layer", "alpine-links.tar", layer([("lib/apk/db/installed", "file", apk), ("etc/os-release", "sym", "../usr/lib/os-release"),
                                        ("usr/lib/os-release", "file", osrel), ("etc/hard", "hard", "usr/lib/os-release")]))
put("layer", "whiteouts.tar", layer([("var/lib/dpkg/.wh.status", "file", b""), ("app/.wh..wh..opq", "file", b""),
                                     ("app/App.deps.json", "file", open(os.path.join(FIX, "nuget", "deps", "trivy__happy.deps.json"), "rb").read())]))

# OCI documents: the lab image's manifest, config and index, and image-spec style variants
lab = os.path.join(ROOT, ".lab", "work", "base-bookworm-minbase", "oci")
if os.path.isdir(lab):
    put("oci", "index.json", open(os.path.join(lab, "index.json"), "rb").read())
    for p in glob.glob(os.path.join(lab, "blobs", "sha256", "*")):
        if os.path.getsize(p) < 8192:
            doc = json.load(open(p))
            put("oci", ("manifest" if "layers" in doc else "config") + ".json", open(p, "rb").read())
digest = "sha256:" + "a" * 64
put("oci", "index-platforms.json", json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [
    {"mediaType": "application/vnd.oci.image.manifest.v1+json", "size": 7143, "digest": digest, "platform": {"architecture": "arm64", "os": "linux", "variant": "v8"}},
    {"mediaType": "application/vnd.oci.image.manifest.v1+json", "size": 7682, "digest": "sha256:" + "b" * 64, "platform": {"architecture": "amd64", "os": "linux"},
     "annotations": {"org.opencontainers.image.ref.name": "latest"}}]}, indent=2))
put("oci", "docker-manifest.json", json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
    "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 1469, "digest": digest},
    "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": 2811478, "digest": "sha256:" + "c" * 64}]}))

# Sigstore: bundles, trusted roots, DSSE envelopes, statements, timestamps, checkpoints, Rekor bodies
n = 0
for p, doc in bundles():
    if n < 14:
        put("bundle", f"{n:02}-" + os.path.basename(p), open(p, "rb").read())
    n += 1
    env = doc.get("dsseEnvelope")
    if env:
        put("dsse", f"{n:02}.dsse.json", json.dumps(env, indent=2))
        try:
            put("intoto", f"{n:02}.statement.json", base64.b64decode(env["payload"]))
        except (ValueError, KeyError):
            pass
    vm = doc.get("verificationMaterial") or {}
    for i, ts in enumerate((vm.get("timestampVerificationData") or {}).get("rfc3161Timestamps") or []):
        put("timestamp", f"{n:02}-{i}.tsr", base64.b64decode(ts["signedTimestamp"]))
    for i, entry in enumerate(vm.get("tlogEntries") or []):
        put("rekor-body", f"{n:02}-{i}.json", base64.b64decode(entry["canonicalizedBody"]))
        cp = ((entry.get("inclusionProof") or {}).get("checkpoint") or {}).get("envelope")
        if cp:
            put("checkpoint", f"{n:02}-{i}.txt", cp)
put("bundle-verify", "intoto-with-custom-trust-root.sigstore.json", open(HAPPY, "rb").read())
copy("trusted-root", "sigstore/**/trusted_root*.json", limit=8, max_size=32 * 1024)
copy("trusted-root", "sigstore/**/trusted-root*.json", limit=4, max_size=32 * 1024)
copy("trusted-root", "sigstore/sigstore-python/trusted_root/*.json", limit=6, max_size=32 * 1024)
print("corpus:", {d: len(os.listdir(os.path.join(OUT, d))) for d in sorted(os.listdir(OUT))})


# image archives: an oci-archive and a docker-save tar around a small layer (digests computed here)
def sha(data):
    import hashlib
    return hashlib.sha256(data).hexdigest()


def archive(files):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for name, data in files:
            info = tarfile.TarInfo(name)
            info.size, info.mtime = len(data), 1700000000
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def image_docs(layer_bytes, media_type):
    diff = layer_bytes if not layer_bytes.startswith(b"\x1f\x8b") else gzip.decompress(layer_bytes)
    config = json.dumps({"architecture": "amd64", "os": "linux", "config": {"Env": ["PATH=/usr/bin"]},
                         "rootfs": {"type": "layers", "diff_ids": ["sha256:" + sha(diff)]}}).encode()
    manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                           "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:" + sha(config), "size": len(config)},
                           "layers": [{"mediaType": media_type, "digest": "sha256:" + sha(layer_bytes), "size": len(layer_bytes)}]}).encode()
    return config, manifest


small = layer([("etc/os-release", "file", osrel), ("var/lib/dpkg/status", "file", dpkg[:1200])])
for label, blob, mt in [("plain", small, "application/vnd.oci.image.layer.v1.tar"),
                        ("gzip", gzip.compress(small, mtime=0), "application/vnd.oci.image.layer.v1.tar+gzip")]:
    config, manifest = image_docs(blob, mt)
    index = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [
        {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:" + sha(manifest), "size": len(manifest),
         "annotations": {"org.opencontainers.image.ref.name": "latest"}}]}).encode()
    put("image-archive", f"oci-archive-{label}.tar", archive([
        ("oci-layout", b'{"imageLayoutVersion":"1.0.0"}'), ("index.json", index),
        ("blobs/sha256/" + sha(manifest), manifest), ("blobs/sha256/" + sha(config), config), ("blobs/sha256/" + sha(blob), blob)]))
config, _ = image_docs(small, "")
put("image-archive", "docker-save.tar", archive([
    ("manifest.json", json.dumps([{"Config": sha(config) + ".json", "RepoTags": ["app:latest"], "Layers": [sha(small) + "/layer.tar"]}]).encode()),
    (sha(config) + ".json", config), (sha(small) + "/layer.tar", small)]))
print("image-archive:", len(os.listdir(os.path.join(OUT, "image-archive"))))
