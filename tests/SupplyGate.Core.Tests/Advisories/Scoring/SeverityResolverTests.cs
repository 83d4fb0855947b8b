using SupplyGate.Core.Advisories;
using SupplyGate.Core.Advisories.Scoring;
using SupplyGate.Core.Kernel;

namespace SupplyGate.Core.Tests.Advisories.Scoring;

[Trait("Category", "unit")]
public sealed class SeverityResolverTests
{
    [Theory]
    [InlineData("GHSA-98g6-xh36-x2p7", Severity.High, 8.7)]
    [InlineData("GHSA-8g4q-xg66-9fp4", Severity.High, 7.5)]
    [InlineData("GHSA-m5vv-6r4h-3vj9", Severity.Medium, 5.5)]
    [InlineData("GHSA-59j7-ghrg-fj52", Severity.Medium, 6.8)]
    [InlineData("GHSA-x9vc-6hfv-hg8c", Severity.High, 8.1)]
    [InlineData("GHSA-6qmf-mmc7-6c2p", Severity.High, 7.1)]
    [InlineData("GHSA-7q36-4xx7-xcxf", Severity.Medium, 4.8)]
    [InlineData("GHSA-8xfc-gm6g-vgpv", Severity.Medium, 5.3)]
    [InlineData("GHSA-65x7-c272-7g7r", Severity.High, 7.1)]
    [InlineData("GHSA-g3q9-xf95-8hp5", Severity.High, 7.8)]
    public void Resolve_RealRecordWithCvssV3_ComputesScore(string id, Severity level, double score)
    {
        Advisory advisory = GhsaFixtures.Load(id);

        AdvisorySeverity severity = SeverityResolver.Resolve(advisory, advisory.Affected[0]);

        Assert.Equal(level, severity.Level);
        Assert.Equal(SeverityOrigin.CvssV3, severity.Origin);
        Assert.Equal(score, severity.Score!.Value, 1);
        Assert.StartsWith("CVSS:3.1/", severity.Vector, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_NewtonsoftRecordWithoutCvss_UsesLowDatabaseLabel()
    {
        Advisory advisory = GhsaFixtures.Load("GHSA-5crp-9r3c-p9vr");
        Assert.Empty(advisory.Scores);

        AdvisorySeverity severity = SeverityResolver.Resolve(advisory, advisory.Affected[0]);

        Assert.Equal(new AdvisorySeverity(Severity.Low, SeverityOrigin.DatabaseLabel), severity);
    }

    [Fact]
    public void Resolve_OnlyCvssV4AndLabel_FallsBackToLabel()
    {
        Advisory advisory = GhsaFixtures.Load("GHSA-8g4q-xg66-9fp4");
        Advisory v4Only = advisory with { Scores = [.. advisory.Scores.Where(s => s.Type == "CVSS_V4")] };

        Assert.Equal(new AdvisorySeverity(Severity.High, SeverityOrigin.DatabaseLabel), SeverityResolver.Resolve(v4Only, null));
    }

    [Theory]
    [InlineData("moderate", Severity.Medium)]
    [InlineData("MEDIUM", Severity.Medium)]
    [InlineData("critical", Severity.Critical)]
    [InlineData("0", Severity.Low)]
    [InlineData("1", Severity.Medium)]
    [InlineData("2", Severity.High)]
    [InlineData("3", Severity.Critical)]
    public void Resolve_FeedLabelOnly_UsesFeedLabel(string label, Severity expected)
    {
        Advisory advisory = Bare() with { DatabaseSeverity = "unknown-label" };
        var affected = new AffectedPackage { Ecosystem = Ecosystems.NuGet, Name = "x", Severity = label };

        Assert.Equal(new AdvisorySeverity(expected, SeverityOrigin.FeedLabel), SeverityResolver.Resolve(advisory, affected));
    }

    [Fact]
    public void Resolve_MalformedVectorThenLabel_SkipsVector()
    {
        Advisory advisory = Bare() with
        {
            Scores = [new SeverityScore("CVSS_V3", "CVSS:3.1/AV:N"), new SeverityScore("CVSS_V2", "AV:N/AC:L/Au:N/C:P/I:P/A:P")],
            DatabaseSeverity = "CRITICAL",
        };

        Assert.Equal(new AdvisorySeverity(Severity.Critical, SeverityOrigin.DatabaseLabel), SeverityResolver.Resolve(advisory, null));
    }

    [Fact]
    public void Resolve_VectorWithUnusualType_StillScoredByPrefix()
    {
        Advisory advisory = Bare() with { Scores = [new SeverityScore("cvss", "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H")] };

        Assert.Equal(new AdvisorySeverity(Severity.High, SeverityOrigin.CvssV3, 7.5, "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H"), SeverityResolver.Resolve(advisory, null));
    }

    [Theory]
    [InlineData("unimportant", Severity.Low)]
    [InlineData("low", Severity.Low)]
    [InlineData("medium", Severity.Medium)]
    [InlineData("high", Severity.High)]
    [InlineData("emergency", Severity.Critical)]
    public void Resolve_DebianUrgency_IsTheDatabaseLabel(string urgency, Severity expected) =>
        Assert.Equal(new AdvisorySeverity(expected, SeverityOrigin.DatabaseLabel), SeverityResolver.Resolve(Bare() with { DatabaseSeverity = urgency }, null));

    [Theory]
    [InlineData("not yet assigned")]
    [InlineData("end-of-life")]
    public void Resolve_DebianUrgencyWithoutSeverity_IsUnknown(string urgency) =>
        Assert.Same(AdvisorySeverity.Unknown, SeverityResolver.Resolve(Bare() with { DatabaseSeverity = urgency }, null));

    [Fact]
    public void Resolve_NothingKnown_ReturnsUnknown() =>
        Assert.Same(AdvisorySeverity.Unknown, SeverityResolver.Resolve(Bare(), null));

    private static Advisory Bare() => new() { Id = "TEST-1", Source = AdvisorySources.Osv };
}
