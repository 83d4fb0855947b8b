using SupplyGate.Core.Advisories;
using SupplyGate.Core.Advisories.Matching;
using SupplyGate.Core.Advisories.Versioning;
using SupplyGate.Core.Tests.Advisories.Scoring;

namespace SupplyGate.Core.Tests.Advisories.Matching;

/// <summary>OSV evaluation (docs/architecture.md spec 9) on real GHSA records (tests/Fixtures/ghsa/osv) and synthetic ranges.</summary>
[Trait("Category", "unit")]
public sealed class OsvRangeEvaluatorTests
{
    private static readonly IVersionScheme NuGet = VersionSchemes.NuGet;

    /// <summary>Evaluates every entry of the record that names the package; the first match wins.</summary>
    private static AffectedMatch? Match(string id, string package, string version) =>
        GhsaFixtures.Load(id).Affected
            .Where(a => a.Name == package)
            .Select(a => OsvRangeEvaluator.Evaluate(a, version, NuGet))
            .FirstOrDefault(m => m is not null);

    [Theory]
    [InlineData("GHSA-x9vc-6hfv-hg8c", "Npgsql", "4.0.13", "4.0.14")]
    [InlineData("GHSA-x9vc-6hfv-hg8c", "Npgsql", "8.0.2", "8.0.3")]
    [InlineData("GHSA-x9vc-6hfv-hg8c", "Npgsql", "4.1.12", "4.1.13")]
    [InlineData("GHSA-8g4q-xg66-9fp4", "System.Text.Json", "8.0.4", "8.0.5")]
    [InlineData("GHSA-8g4q-xg66-9fp4", "System.Text.Json", "8.0.0", "8.0.5")]
    [InlineData("GHSA-8g4q-xg66-9fp4", "System.Text.Json", "6.0.9", "6.0.10")]
    [InlineData("GHSA-65x7-c272-7g7r", "SixLabors.ImageSharp", "3.1.2", "3.1.3")]
    [InlineData("GHSA-5crp-9r3c-p9vr", "Newtonsoft.Json", "12.0.1", "13.0.1")]
    [InlineData("GHSA-98g6-xh36-x2p7", "Microsoft.Data.SqlClient", "2.1.4", "2.1.7")]
    [InlineData("GHSA-98g6-xh36-x2p7", "Microsoft.Data.SqlClient", "4.0.4", "4.0.5")]
    [InlineData("GHSA-59j7-ghrg-fj52", "System.IdentityModel.Tokens.Jwt", "7.0.0-preview", "7.1.2")]
    [InlineData("GHSA-59j7-ghrg-fj52", "System.IdentityModel.Tokens.Jwt", "7.1.1", "7.1.2")]
    [InlineData("GHSA-59j7-ghrg-fj52", "Microsoft.IdentityModel.JsonWebTokens", "6.8.0", "6.34.0")]
    [InlineData("GHSA-6qmf-mmc7-6c2p", "NuGet.Commands", "6.5.0", "6.5.1")]
    public void Evaluate_RealRecordAffectedVersion_MatchesWithFix(string id, string package, string version, string fixedVersion)
    {
        AffectedMatch? match = Match(id, package, version);

        Assert.NotNull(match);
        Assert.Equal(fixedVersion, match.FixedVersion);
    }

    [Theory]
    [InlineData("GHSA-x9vc-6hfv-hg8c", "Npgsql", "4.0.14")]
    [InlineData("GHSA-x9vc-6hfv-hg8c", "Npgsql", "8.0.3")]
    [InlineData("GHSA-8g4q-xg66-9fp4", "System.Text.Json", "8.0.5")]
    [InlineData("GHSA-8g4q-xg66-9fp4", "System.Text.Json", "7.0.4")]
    [InlineData("GHSA-65x7-c272-7g7r", "SixLabors.ImageSharp", "3.1.3")]
    [InlineData("GHSA-5crp-9r3c-p9vr", "Newtonsoft.Json", "13.0.1")]
    [InlineData("GHSA-98g6-xh36-x2p7", "Microsoft.Data.SqlClient", "2.1.7")]
    [InlineData("GHSA-98g6-xh36-x2p7", "Microsoft.Data.SqlClient", "2.2.0")]
    [InlineData("GHSA-59j7-ghrg-fj52", "System.IdentityModel.Tokens.Jwt", "6.99.0")]
    [InlineData("GHSA-59j7-ghrg-fj52", "System.IdentityModel.Tokens.Jwt", "7.0.0-alpha")]
    [InlineData("GHSA-59j7-ghrg-fj52", "System.IdentityModel.Tokens.Jwt", "7.1.2")]
    [InlineData("GHSA-8xfc-gm6g-vgpv", "BouncyCastle", "2.3.1")]
    [InlineData("GHSA-6qmf-mmc7-6c2p", "NuGet.Commands", "6.5.1")]
    public void Evaluate_RealRecordUnaffectedVersion_ReturnsNull(string id, string package, string version) =>
        Assert.Null(Match(id, package, version));

    [Fact]
    public void Evaluate_SqlClient214_DescribesSegmentAndFix()
    {
        AffectedMatch? match = Match("GHSA-98g6-xh36-x2p7", "Microsoft.Data.SqlClient", "2.1.4");

        Assert.Equal(new AffectedMatch(">= 0, < 2.1.7", "2.1.7"), match);
    }

    [Fact]
    public void Evaluate_BouncyCastleOnlyIntroduced_BoundedByLastKnownAffectedRange()
    {
        AffectedPackage entry = GhsaFixtures.Entry("GHSA-8xfc-gm6g-vgpv", "BouncyCastle");
        Assert.Equal("< 2.3.1", entry.LastKnownAffectedVersionRange);

        AffectedMatch? match = OsvRangeEvaluator.Evaluate(entry, "2.3.0", NuGet);

        Assert.Equal(new AffectedMatch("< 2.3.1 (last known affected)", null), match);
        Assert.Null(OsvRangeEvaluator.Evaluate(entry, "2.3.1", NuGet));
    }

    [Fact]
    public void Evaluate_ImageSharpOnOlderBranch_ReportsNearestFix()
    {
        // Two entries, both from 0 (fixed 3.1.3 and 2.1.7): 2.1.6 is in both, the 2.x fix is the nearest.
        AffectedMatch?[] matches = [.. GhsaFixtures.Load("GHSA-65x7-c272-7g7r").Affected.Select(a => OsvRangeEvaluator.Evaluate(a, "2.1.6", NuGet))];
        AffectedPackage merged = GhsaFixtures.Entry("GHSA-65x7-c272-7g7r", "SixLabors.ImageSharp") with
        {
            Ranges = [.. GhsaFixtures.Load("GHSA-65x7-c272-7g7r").Affected.SelectMany(a => a.Ranges)],
        };

        Assert.All(matches, Assert.NotNull);
        Assert.Equal("2.1.7", OsvRangeEvaluator.Evaluate(merged, "2.1.6", NuGet)?.FixedVersion);
        Assert.Equal("3.1.3", OsvRangeEvaluator.Evaluate(merged, "3.0.0", NuGet)?.FixedVersion);
    }

    [Fact]
    public void Evaluate_NuGetCommandsVersionsList_MatchesListedVersion()
    {
        // GHSA-6qmf-mmc7-6c2p lists 6.5.0 in `versions` next to the range; without the range the list alone matches.
        AffectedPackage listedOnly = GhsaFixtures.Entry("GHSA-6qmf-mmc7-6c2p", "NuGet.Commands", 4) with { Ranges = [] };
        Assert.Equal(["6.5.0"], listedOnly.Versions);

        Assert.Equal(new AffectedMatch("listed version 6.5.0", null), OsvRangeEvaluator.Evaluate(listedOnly, "6.5.0", NuGet));
        Assert.NotNull(OsvRangeEvaluator.Evaluate(listedOnly, "6.5.0.0", NuGet));
        Assert.Null(OsvRangeEvaluator.Evaluate(listedOnly, "6.5.1", NuGet));
    }

    [Fact]
    public void Evaluate_VersionsOnlyEntry_MatchesPrereleaseListedVersion()
    {
        AffectedPackage resolver = GhsaFixtures.Entry("GHSA-6qmf-mmc7-6c2p", "Microsoft.Build.NuGetSdkResolver");

        Assert.Equal("listed version 5.9.0-rc.7122", OsvRangeEvaluator.Evaluate(resolver, "5.9.0-rc.7122", NuGet)?.RangeDescription);
        Assert.Null(OsvRangeEvaluator.Evaluate(resolver, "5.9.0", NuGet));
    }

    [Fact]
    public void Evaluate_LastAffected_IsInclusive()
    {
        AffectedPackage entry = Synthetic(Ev(RangeEventKind.Introduced, "1.0.0"), Ev(RangeEventKind.LastAffected, "1.4.2"));

        Assert.Equal(new AffectedMatch(">= 1.0.0, <= 1.4.2", null), OsvRangeEvaluator.Evaluate(entry, "1.4.2", NuGet));
        Assert.Null(OsvRangeEvaluator.Evaluate(entry, "1.4.3", NuGet));
        Assert.Null(OsvRangeEvaluator.Evaluate(entry, "0.9.0", NuGet));
    }

    [Fact]
    public void Evaluate_Limit_StopsTheRange()
    {
        AffectedPackage entry = Synthetic(Ev(RangeEventKind.Introduced, "0"), Ev(RangeEventKind.Limit, "2.0.0"));

        Assert.NotNull(OsvRangeEvaluator.Evaluate(entry, "1.9.9", NuGet));
        Assert.Null(OsvRangeEvaluator.Evaluate(entry, "2.0.0", NuGet));
        Assert.NotNull(OsvRangeEvaluator.Evaluate(Synthetic(Ev(RangeEventKind.Introduced, "0"), Ev(RangeEventKind.Limit, "*")), "99.0.0", NuGet));
    }

    [Theory]
    [InlineData("0.5.0", null)]
    [InlineData("1.0.0", "1.2.0")]
    [InlineData("1.1.9", "1.2.0")]
    [InlineData("1.2.0", null)]
    [InlineData("2.0.0-beta", null)]
    [InlineData("2.0.0", "2.3.0")]
    [InlineData("2.3.0", null)]
    [InlineData("3.0.0", null)]
    [InlineData("5.0.0", "5.0.1")]
    public void Evaluate_MultiplePairsUnsortedEvents_UsesVersionOrder(string version, string? expectedFix)
    {
        // Events deliberately out of order; the spec sorts them by version before walking.
        AffectedPackage entry = Synthetic(
            Ev(RangeEventKind.Fixed, "2.3.0"),
            Ev(RangeEventKind.Introduced, "5.0.0"),
            Ev(RangeEventKind.Introduced, "1.0.0"),
            Ev(RangeEventKind.Fixed, "5.0.1"),
            Ev(RangeEventKind.Introduced, "2.0.0"),
            Ev(RangeEventKind.Fixed, "1.2.0"));

        AffectedMatch? match = OsvRangeEvaluator.Evaluate(entry, version, NuGet);

        Assert.Equal(expectedFix is not null, match is not null);
        Assert.Equal(expectedFix, match?.FixedVersion);
    }

    [Fact]
    public void Evaluate_SemVerAndGitRanges_UseSemVerAndSkipGit()
    {
        var entry = new AffectedPackage
        {
            Ecosystem = "npm",
            Name = "x",
            Ranges =
            [
                new AffectedRange("GIT", [Ev(RangeEventKind.Introduced, "0"), Ev(RangeEventKind.Fixed, "abc123")]),
                new AffectedRange("SEMVER", [Ev(RangeEventKind.Introduced, "1.0.0-rc.1"), Ev(RangeEventKind.Fixed, "1.0.0")]),
            ],
        };

        Assert.Equal("1.0.0", OsvRangeEvaluator.Evaluate(entry, "1.0.0-rc.2", VersionSchemes.NuGet)?.FixedVersion);
        Assert.Null(OsvRangeEvaluator.Evaluate(entry, "1.0.0-beta", VersionSchemes.NuGet));
        Assert.Null(OsvRangeEvaluator.Evaluate(entry, "0.1.0", VersionSchemes.NuGet));
    }

    [Fact]
    public void Evaluate_EcosystemRange_UsesGivenScheme()
    {
        var entry = new AffectedPackage
        {
            Ecosystem = "Debian:12",
            Name = "openssl",
            Ranges = [new AffectedRange("ECOSYSTEM", [Ev(RangeEventKind.Introduced, "0"), Ev(RangeEventKind.Fixed, "3.0.11-1~deb12u2")])],
        };

        Assert.NotNull(OsvRangeEvaluator.Evaluate(entry, "3.0.11-1~deb12u1", VersionSchemes.Dpkg));
        Assert.Null(OsvRangeEvaluator.Evaluate(entry, "3.0.11-1~deb12u2", VersionSchemes.Dpkg));
        Assert.Null(OsvRangeEvaluator.Evaluate(entry, "3.0.11-1", VersionSchemes.Dpkg));
    }

    [Theory]
    [InlineData("[4.0.0, 4.0.5)", "4.0.4", "4.0.5")]
    [InlineData("[4.0.0, 4.0.5)", "4.0.0", "4.0.5")]
    [InlineData("(, 2.0.0)", "1.9.9", "2.0.0")]
    [InlineData("(,1.0]", "1.0.0", null)]
    [InlineData("1.0", "5.0.0", null)]
    [InlineData("[1.0]", "1.0.0.0", null)]
    [InlineData("[7.0.0-preview, 7.1.2)", "7.0.0-preview.1", "7.1.2")]
    public void Evaluate_NativeNuGetRange_Matches(string range, string version, string? expectedFix)
    {
        var entry = new AffectedPackage { Ecosystem = Ecosystems.NuGet, Name = "x", NativeRanges = [range] };

        Assert.Equal(new AffectedMatch(range, expectedFix), OsvRangeEvaluator.Evaluate(entry, version, NuGet));
    }

    [Theory]
    [InlineData("[4.0.0, 4.0.5)", "4.0.5")]
    [InlineData("(1.0,)", "1.0.0")]
    [InlineData("(, 2.0.0)", "2.0.0")]
    [InlineData("(1.0)", "1.0.0")]
    [InlineData("[1.0,2.0]", "not-a-version")]
    public void Evaluate_NativeNuGetRangeOutsideOrInvalid_ReturnsNull(string range, string version)
    {
        var entry = new AffectedPackage { Ecosystem = Ecosystems.NuGet, Name = "x", NativeRanges = [range] };

        Assert.Null(OsvRangeEvaluator.Evaluate(entry, version, NuGet));
    }

    [Fact]
    public void Evaluate_LastKnownAffectedWithIntroducedAndInclusiveBound_Applies()
    {
        AffectedPackage entry = Synthetic(Ev(RangeEventKind.Introduced, "1.2.0")) with { LastKnownAffectedVersionRange = "<= 1.6.0" };

        Assert.Equal(new AffectedMatch(">= 1.2.0, <= 1.6.0 (last known affected)", null), OsvRangeEvaluator.Evaluate(entry, "1.6.0", NuGet));
        Assert.Null(OsvRangeEvaluator.Evaluate(entry, "1.6.1", NuGet));
        Assert.Null(OsvRangeEvaluator.Evaluate(entry, "1.1.0", NuGet));
    }

    private static RangeEvent Ev(RangeEventKind kind, string version) => new(kind, version);

    private static AffectedPackage Synthetic(params RangeEvent[] events) => new()
    {
        Ecosystem = Ecosystems.NuGet,
        Name = "Synthetic",
        Ranges = [new AffectedRange("ECOSYSTEM", events)],
    };
}
