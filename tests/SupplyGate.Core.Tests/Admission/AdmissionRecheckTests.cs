using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SupplyGate.Core.Admission;
using SupplyGate.Core.Advisories;
using SupplyGate.Core.Attestations.Trust;
using SupplyGate.Core.Sbom;
using SupplyGate.Core.Tests.Advisories.Matching;
using SupplyGate.Core.Tests.Policy;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Core.Tests.Admission;

/// <summary>
/// The targeted re-check: after a store change only digests whose questions the new store answers differently
/// are judged again, and what it reports is exactly what judging every digest again reports.
/// </summary>
[Trait("Category", "unit")]
public sealed class AdmissionRecheckTests : IDisposable
{
    private static readonly string[] Packages = Enumerable.Range(0, 12).Select(i => $"Example.Package{i}").ToArray();
    private readonly TempDirectory _dir = new("sg-recheck");
    private readonly FakeTimeProvider _time = FakeTimeProvider.At("2024-06-02T10:00:00Z");
    private readonly string _stamp;
    private IAdvisoryStore _next = new InMemoryAdvisoryStore([]);
    private int _version;

    public AdmissionRecheckTests()
    {
        _stamp = _dir.Combine("store.stamp");
        File.WriteAllText(_stamp, "0");
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task AnAdvisoryForOnePackage_RejudgesOnlyTheDigestsThatShipIt()
    {
        using AdvisoryStoreSource store = Source([Unrelated]);
        ImageAdmission admission = Admission(store);
        Admit(admission, "a", "Example.Package1", "Example.Package2");
        Admit(admission, "b", "Example.Package3");
        Admit(admission, "c", "Example.Package4", "Example.Package5");
        var recheck = new AdmissionRecheck(admission, new NoAdmissionMetrics(), null, _time, _ => { });
        Assert.Equal(3, (await recheck.RunAsync(CancellationToken.None)).Rejudged);

        Publish(store, [Unrelated, Advisory("GHSA-aaaa-0001", "Example.Package2", "high")]);
        RecheckReport report = await recheck.RunAsync(CancellationToken.None);

        Assert.Equal(1, report.Rejudged);
        Assert.Equal(2, report.Unchanged);
        RecheckFinding finding = Assert.Single(report.NewFindings);
        Assert.Equal(DigestOf("a"), finding.Digest);
        Assert.Equal(["GHSA-aaaa-0001"], finding.NewAdvisories);
        Assert.Equal("deny", finding.Decision);
    }

    [Fact]
    public async Task AChangedRangeOfAKnownAdvisory_IsAChangedAnswer()
    {
        Advisory open = Advisory("GHSA-aaaa-0002", "Example.Package1", "high") with { Affected = [Affected("Example.Package1", "(, 0.5.0)", "high")] };
        using AdvisoryStoreSource store = Source([open]);
        ImageAdmission admission = Admission(store);
        Admit(admission, "a", "Example.Package1");
        Admit(admission, "b", "Example.Package2");
        var recheck = new AdmissionRecheck(admission, new NoAdmissionMetrics(), null, _time, _ => { });
        await recheck.RunAsync(CancellationToken.None);

        // Same id, same package, a range that now covers 1.0.0: only the record's content changed.
        Publish(store, [open with { Affected = [Affected("Example.Package1", "(, 2.0.0)", "high")] }]);
        RecheckReport report = await recheck.RunAsync(CancellationToken.None);

        Assert.Equal((1, 1), (report.Rejudged, report.Unchanged));
        Assert.Equal(DigestOf("a"), Assert.Single(report.NewFindings).Digest);
    }

    [Fact]
    public async Task ANewStoreThatIsStaleForThePolicy_RejudgesEveryDigest()
    {
        using AdvisoryStoreSource store = Source([Advisory("GHSA-aaaa-0003", "Example.Package9", "low")]);
        ImageAdmission admission = Admission(store);
        Admit(admission, "a", "Example.Package1");
        Admit(admission, "b", "Example.Package2");
        var recheck = new AdmissionRecheck(admission, new NoAdmissionMetrics(), null, _time, _ => { });
        await recheck.RunAsync(CancellationToken.None);

        // The same answers, but data built long before the policy's 30-day maxAge: the verdicts carry SG3005 now.
        Publish(store, [Advisory("GHSA-aaaa-0003", "Example.Package9", "low")], builtAt: _time.Now.AddDays(-90));
        RecheckReport report = await recheck.RunAsync(CancellationToken.None);

        Assert.Equal((2, 0), (report.Rejudged, report.Unchanged));
    }

    [Fact]
    public async Task ANewUtcDay_IsDue_AndJudgesEveryDigestAgain()
    {
        using AdvisoryStoreSource store = Source([]);
        ImageAdmission admission = Admission(store);
        Admit(admission, "a", "Example.Package1");
        var recheck = new AdmissionRecheck(admission, new NoAdmissionMetrics(), null, _time, _ => { });
        Assert.True(recheck.IsDue);
        await recheck.RunAsync(CancellationToken.None);
        Assert.False(recheck.IsDue);

        _time.Now = _time.Now.AddDays(1);

        Assert.True(recheck.IsDue);
        RecheckReport report = await recheck.RunAsync(CancellationToken.None);
        Assert.Equal((1, 0), (report.Rejudged, report.Unchanged));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task OverRandomStoreChanges_TheTargetedRecheckReportsExactlyWhatJudgingEverythingReports(int seed)
    {
        var random = new Random(seed);
        var advisories = new Dictionary<string, Advisory>(StringComparer.Ordinal);
        using AdvisoryStoreSource store = Source([]);
        ImageAdmission targetedAdmission = Admission(store);
        ImageAdmission exhaustiveAdmission = Admission(store);
        for (int i = 0; i < 40; i++)
        {
            string[] shipped = Packages.OrderBy(_ => random.Next()).Take(random.Next(1, 4)).ToArray();
            Admit(targetedAdmission, $"image{i}", shipped);
            Admit(exhaustiveAdmission, $"image{i}", shipped);
        }

        var targeted = new AdmissionRecheck(targetedAdmission, new NoAdmissionMetrics(), null, _time, _ => { });
        var exhaustive = new AdmissionRecheck(exhaustiveAdmission, new NoAdmissionMetrics(), null, _time, _ => { }) { Exhaustive = true };
        int unchanged = 0;
        for (int step = 0; step < 25; step++)
        {
            Mutate(random, advisories);
            Publish(store, [Unrelated, .. advisories.Values.OrderBy(a => a.Id, StringComparer.Ordinal)]);
            RecheckReport fast = await targeted.RunAsync(CancellationToken.None);
            RecheckReport full = await exhaustive.RunAsync(CancellationToken.None);

            Assert.Equal(Describe(full), Describe(fast));
            Assert.Equal(40, fast.Rejudged + fast.Unchanged);
            unchanged += fast.Unchanged;
        }

        // The property is only worth something if the fast path was taken.
        Assert.True(unchanged > 200, $"only {unchanged} verdicts stood without judging");
    }

    /// <summary>An advisory for a package no image ships: an empty store is "no verdict possible" (SG3005), not a pass.</summary>
    private static readonly Advisory Unrelated = Advisory("GHSA-none-0000", "Example.Unshipped", "high");

    private static void Mutate(Random random, Dictionary<string, Advisory> advisories)
    {
        string id = $"GHSA-test-{random.Next(0, 30):D4}";
        string package = Packages[random.Next(Packages.Length)];
        switch (random.Next(4))
        {
            case 0 when advisories.Count > 0:
                advisories.Remove(advisories.Keys.Order(StringComparer.Ordinal).ElementAt(random.Next(advisories.Count)));
                break;
            case 1:
                advisories[id] = Advisory(id, package, random.Next(2) == 0 ? "high" : "low") with { Affected = [Affected(package, "(, 0.9.0)", "high")] };
                break;
            default:
                advisories[id] = Advisory(id, package, random.Next(2) == 0 ? "high" : "low");
                break;
        }
    }

    private static string Describe(RecheckReport report) => string.Join(
        "\n",
        report.NewFindings.Select(f => $"{f.Digest} {f.Decision} {f.Code} {string.Join(",", f.NewAdvisories)} {f.Message}").Order(StringComparer.Ordinal));

    private AdvisoryStoreSource Source(Advisory[] advisories)
    {
        _next = new InMemoryAdvisoryStore(advisories, builtAt: _time.Now.AddHours(-1));
        return new AdvisoryStoreSource(_stamp, () => _next);
    }

    /// <summary>What <c>db update</c> does: a new store file; the source sees a new stamp and reopens.</summary>
    private void Publish(AdvisoryStoreSource store, Advisory[] advisories, DateTimeOffset? builtAt = null)
    {
        _version++;
        _next = new InMemoryAdvisoryStore(advisories, builtAt: builtAt ?? _time.Now.AddMinutes(-_version));
        File.WriteAllText(_stamp, _version.ToString(CultureInfo.InvariantCulture));
        File.SetLastWriteTimeUtc(_stamp, new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(_version));
        Assert.True(store.Refresh());
    }

    private ImageAdmission Admission(AdvisoryStoreSource store)
    {
        string root = _dir.Combine("trusted_root.json");
        if (!File.Exists(root))
        {
            File.Copy(Path.Combine(RepositoryPaths.Fixtures, "sigstore", "sigstore-python", "tuf-store-prod", "trusted_root.json"), root);
        }

        var rule = new AdmissionImageRule(new ImageGlob("**"), root, CertificateIdentityPolicy.Exact("https://ci.example/build"), "https://ci.example/build", "default", AdmissionMode.Enforce);
        var config = new AdmissionConfig { Source = "test", Images = [rule] };
        return new ImageAdmission(config, _ => throw new InvalidOperationException("no registry in this test"), store, new NoAdmissionMetrics(), _time);
    }

    private static void Admit(ImageAdmission admission, string name, params string[] packages)
    {
        var bom = new Bom
        {
            Metadata = new BomMetadata { Component = new Component { Type = "application", Name = name, Version = "1.0.0", BomRef = "app" } },
            Components = packages.Select(p => new Component { Type = "library", Name = p, Version = "1.0.0", Purl = $"pkg:nuget/{p}@1.0.0", BomRef = p }).ToArray(),
        };
        admission.Inventory.Add(new InventoryEntry(DigestOf(name), $"registry.example/team/{name}:1.0", bom, admission.Config.Images[0]), "shop");
    }

    private static string DigestOf(string name) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)));

    private static Advisory Advisory(string id, string package, string severity) => new()
    {
        Id = id,
        Source = AdvisorySources.NuGetFeed,
        Affected = [Affected(package, "(, 2.0.0)", severity)],
    };

    private static AffectedPackage Affected(string package, string range, string severity) =>
        new() { Ecosystem = "NuGet", Name = package, NativeRanges = [range], Severity = severity };
}

/// <summary>The inventory keeps SBOMs compressed and parses them again once the collector took the parsed copy.</summary>
[Trait("Category", "unit")]
public sealed class CompactBomTests
{
    [Theory]
    [InlineData("valid-bom-1.6.json")]
    [InlineData("valid-component-hashes-1.6.json")]
    [InlineData("valid-evidence-1.6.json")]
    [InlineData("valid-license-expression-1.6.json")]
    [InlineData("valid-dependency-1.6.json")]
    public void AfterTheParsedCopyIsCollected_TheSbomComesBackAsItWas(string fixture)
    {
        byte[] expected = CycloneDxWriter.ToUtf8Bytes(CycloneDxReader.ReadFile(Path.Combine(RepositoryPaths.Fixtures, "cyclonedx", "1.6", fixture)));
        CompactBom compact = Store(expected);
        Collect();

        Assert.Equal(expected, CycloneDxWriter.ToUtf8Bytes(compact.Bom));
    }

    [Fact]
    public void AnImageSizedSbom_TakesAFractionOfItsJson()
    {
        var bom = new Bom
        {
            Components = Enumerable.Range(0, 300).Select(i => new Component
            {
                Type = "library", Name = $"libexample{i}", Version = $"1.{i}.0-1+deb12u1", BomRef = $"pkg:deb/debian/libexample{i}@1.{i}.0-1%2Bdeb12u1?arch=amd64&distro=debian-12",
                Purl = $"pkg:deb/debian/libexample{i}@1.{i}.0-1%2Bdeb12u1?arch=amd64&distro=debian-12",
                Properties = [new Property("supplygate:layer", "sha256:" + new string('a', 64)), new Property("supplygate:source-package", $"example{i % 40}")],
            }).ToArray(),
        };
        byte[] json = CycloneDxWriter.ToUtf8Bytes(bom);
        CompactBom compact = Store(json);
        Collect();

        Assert.True(compact.StoredBytes * 8 < json.Length, $"{compact.StoredBytes} stored bytes for {json.Length} bytes of JSON");
        Assert.Equal(json, CycloneDxWriter.ToUtf8Bytes(compact.Bom));
    }

    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    // A separate frame, so no local keeps the parsed copy alive.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static CompactBom Store(byte[] json) => new(CycloneDxReader.Read(json, "test"), "sha256:test");
}
