using SupplyGate.Core.Advisories;
using SupplyGate.Core.Advisories.Matching;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Inventory.NuGet;
using SupplyGate.Core.Kernel;
using SupplyGate.Core.Sbom;
using SupplyGate.Core.Tests.Advisories.Scoring;

namespace SupplyGate.Core.Tests.Advisories.Matching;

[Trait("Category", "unit")]
public sealed class AdvisoryMatcherTests
{
    private static readonly string[] SampleIds =
    [
        "GHSA-59j7-ghrg-fj52", "GHSA-5crp-9r3c-p9vr", "GHSA-65x7-c272-7g7r", "GHSA-6qmf-mmc7-6c2p", "GHSA-7q36-4xx7-xcxf",
        "GHSA-8g4q-xg66-9fp4", "GHSA-8xfc-gm6g-vgpv", "GHSA-98g6-xh36-x2p7", "GHSA-g3q9-xf95-8hp5", "GHSA-m5vv-6r4h-3vj9",
        "GHSA-x9vc-6hfv-hg8c",
    ];

    private static InMemoryAdvisoryStore SampleStore() => new InMemoryAdvisoryStore(SampleIds.Select(GhsaFixtures.Load));

    private static Bom SampleBom()
    {
        string dir = Path.Combine(AppContext.BaseDirectory, "Fixtures", "nuget", "sampleapp");
        return NuGetInventory.Build(new NuGetInventoryRequest
        {
            AssetsFilePath = Path.Combine(dir, "project.assets.json"),
            PublishDepsFilePath = Path.Combine(dir, "SampleApp.deps.json"),
            RuntimeConfigFilePath = Path.Combine(dir, "SampleApp.runtimeconfig.json"),
            TargetFramework = "net10.0",
            RuntimeIdentifier = "linux-x64",
        }, new NoNuspecs()).Bom;
    }

    [Fact]
    public void Match_SampleApp_FindsTheExpectedPackageAdvisoryPairs()
    {
        MatchResult result = AdvisoryMatcher.Match(SampleBom(), SampleStore());

        string[] pairs = result.Findings.Select(f => $"{f.PackageName} {f.InstalledVersion} {f.AdvisoryId}").ToArray();
        Assert.Equal(
        [
            "Microsoft.Data.SqlClient 2.1.4 GHSA-98g6-xh36-x2p7",
            "Microsoft.Identity.Client 4.21.1 GHSA-m5vv-6r4h-3vj9",
            "Microsoft.IdentityModel.JsonWebTokens 6.8.0 GHSA-59j7-ghrg-fj52",
            "Newtonsoft.Json 12.0.1 GHSA-5crp-9r3c-p9vr",
            "System.IdentityModel.Tokens.Jwt 6.8.0 GHSA-59j7-ghrg-fj52",
            "System.Text.Json 8.0.0 GHSA-8g4q-xg66-9fp4",
        ], pairs);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Match_SqlClient_ExplainsRangeFixSeverityAndAliases()
    {
        Finding sql = AdvisoryMatcher.Match(SampleBom(), SampleStore()).Findings.Single(f => f.PackageName == "Microsoft.Data.SqlClient");

        Assert.Equal(["CVE-2024-0056"], sql.Aliases);
        Assert.Equal("2.1.7", sql.FixedVersion);
        Assert.Equal(">= 0, < 2.1.7", sql.AffectedRange);
        Assert.Equal(Severity.High, sql.Severity.Level);
        Assert.Equal(SeverityOrigin.CvssV3, sql.Severity.Origin);
        Assert.Equal(8.7, sql.Severity.Score);
        Assert.Equal(["SampleApp", "Microsoft.Data.SqlClient"], sql.Path);
        Assert.True(sql.IsShipped);
    }

    [Fact]
    public void Match_TransitivePackage_RecordsPathFromTheApp()
    {
        Finding identity = AdvisoryMatcher.Match(SampleBom(), SampleStore()).Findings.Single(f => f.PackageName == "Microsoft.Identity.Client");

        Assert.Equal(["SampleApp", "Microsoft.Data.SqlClient", "Microsoft.Identity.Client"], identity.Path);
        Assert.Equal(Severity.Medium, identity.Severity.Level);
    }

    [Fact]
    public void Match_LabelOnlyAdvisory_UsesDatabaseLabel()
    {
        Finding newtonsoft = AdvisoryMatcher.Match(SampleBom(), SampleStore()).Findings.Single(f => f.PackageName == "Newtonsoft.Json");

        Assert.Equal(Severity.Low, newtonsoft.Severity.Level);
        Assert.Equal(SeverityOrigin.DatabaseLabel, newtonsoft.Severity.Origin);
        Assert.Equal("13.0.1", newtonsoft.FixedVersion);
    }

    [Fact]
    public void Match_NotShippedPackage_IsFoundAndMarkedExcluded()
    {
        Finding stj = AdvisoryMatcher.Match(SampleBom(), SampleStore()).Findings.Single(f => f.PackageName == "System.Text.Json");

        Assert.False(stj.IsShipped);
        Assert.Equal("framework-provided", stj.ExcludedReason);
    }

    [Fact]
    public void Match_RecordsSharingAnAlias_MergeIntoOneFinding()
    {
        Advisory ghsa = GhsaFixtures.Load("GHSA-98g6-xh36-x2p7");
        var cve = new Advisory
        {
            Id = "CVE-2024-0056",
            Source = AdvisorySources.NuGetFeed,
            Affected = [new AffectedPackage { Ecosystem = "NuGet", Name = "microsoft.data.sqlclient", NativeRanges = ["(, 2.1.7)"], Severity = "high" }],
            References = ["https://example.invalid/CVE-2024-0056"],
        };
        var store = new InMemoryAdvisoryStore([ghsa, cve]);

        Finding merged = Assert.Single(AdvisoryMatcher.Match(SampleBom(), store).Findings);

        Assert.Equal("GHSA-98g6-xh36-x2p7", merged.AdvisoryId);
        Assert.Equal(["CVE-2024-0056"], merged.Aliases);
        Assert.Equal([AdvisorySources.NuGetFeed, AdvisorySources.Osv], merged.Sources);
        Assert.Equal(SeverityOrigin.CvssV3, merged.Severity.Origin);
    }

    [Fact]
    public void Match_WithdrawnRecord_IsSkippedAndCounted()
    {
        Advisory withdrawn = GhsaFixtures.Load("GHSA-5crp-9r3c-p9vr") with { Withdrawn = DateTimeOffset.Parse("2024-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture) };

        MatchResult result = AdvisoryMatcher.Match(SampleBom(), new InMemoryAdvisoryStore([withdrawn]));

        Assert.Empty(result.Findings);
        Assert.Equal(1, result.WithdrawnSkipped);
    }

    [Fact]
    public void Match_UnparseableVersion_WarnsInsteadOfPassingSilently()
    {
        var bom = new Bom
        {
            Components = [new Component { Type = "library", Name = "Newtonsoft.Json", Version = "twelve", Purl = "pkg:nuget/Newtonsoft.Json@twelve", BomRef = "x" }],
        };

        MatchResult result = AdvisoryMatcher.Match(bom, SampleStore());

        Assert.Empty(result.Findings);
        Warning warning = Assert.Single(result.Warnings);
        Assert.Equal("SG1014", warning.Code);
        Assert.Contains("twelve", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Match_RuntimePack_LooksUpTheFrameworkInTheRuntimeEcosystem()
    {
        var runtimeAdvisory = new Advisory
        {
            Id = "CVE-2024-21319",
            Source = AdvisorySources.DotNetReleases,
            Affected =
            [
                new AffectedPackage
                {
                    Ecosystem = Ecosystems.DotNetRuntime,
                    Name = "Microsoft.NETCore.App",
                    Ranges = [new AffectedRange("ECOSYSTEM", [new RangeEvent(RangeEventKind.Introduced, "8.0.0"), new RangeEvent(RangeEventKind.Fixed, "8.0.1")])],
                },
            ],
        };
        var bom = new Bom
        {
            Components =
            [
                new Component
                {
                    Type = "framework", Name = "Microsoft.NETCore.App.Runtime.linux-x64", Version = "8.0.0", BomRef = "rt",
                    Purl = "pkg:nuget/Microsoft.NETCore.App.Runtime.linux-x64@8.0.0", Properties = [new Property(PropertyNames.DotNetRuntime, "true")],
                },
            ],
        };

        Finding finding = Assert.Single(AdvisoryMatcher.Match(bom, new InMemoryAdvisoryStore([runtimeAdvisory])).Findings);

        Assert.Equal(Ecosystems.DotNetRuntime, finding.Ecosystem);
        Assert.Equal("8.0.1", finding.FixedVersion);
    }

    [Theory]
    [InlineData("pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12", "openssl", "Debian:12")]
    [InlineData("pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=bookworm", "openssl", "Debian:12")]
    [InlineData("pkg:apk/alpine/libcrypto3@3.1.4-r0?arch=x86_64&distro=alpine-3.18.4", "openssl", "Alpine:v3.18")]
    public void Coordinates_OsPackage_UseSourcePackageAndRelease(string purl, string source, string ecosystem)
    {
        var component = new Component
        {
            Type = "library", Name = "bin", Purl = purl,
            Properties = [new Property(PropertyNames.OsSourceName, source)],
        };

        IReadOnlyList<PackageCoordinate> coordinates = ComponentCoordinates.For(component);

        Assert.Contains(coordinates, c => c.Ecosystem == ecosystem && c.Name == source);
    }

    private sealed class NoNuspecs : INuspecSource
    {
        public NuspecInfo? Find(string packageId, string version, IReadOnlyList<string> packageFolders) => null;
    }
}
