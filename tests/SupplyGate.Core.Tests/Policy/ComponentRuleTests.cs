using SupplyGate.Core.Advisories;
using SupplyGate.Core.Policy;
using SupplyGate.Core.Sbom;
using static SupplyGate.Core.Tests.Policy.PolicyTestData;

namespace SupplyGate.Core.Tests.Policy;

[Trait("Category", "unit")]
public sealed class ComponentRuleTests
{
    private static readonly Component Runtime8 = Package("Microsoft.NETCore.App.Runtime.linux-x64", "8.0.0") with
    {
        Properties = [new Property(PropertyNames.DotNetRuntime, "true")],
    };

    private static readonly Component Runtime6 = Package("Microsoft.NETCore.App.Runtime.linux-x64", "6.0.25") with
    {
        Properties = [new Property(PropertyNames.DotNetRuntime, "true")],
    };

    private static RuntimeChannel? Channels(string channel) => channel switch
    {
        "6.0" => new RuntimeChannel("6.0", "eol", new DateOnly(2024, 11, 12), "6.0.36", new DateOnly(2024, 11, 12)),
        "8.0" => new RuntimeChannel("8.0", "active", new DateOnly(2026, 11, 10), "8.0.21", new DateOnly(2026, 6, 10)),
        _ => null,
    };

    [Theory]
    [InlineData("pkg:nuget/log4net", null, true)]
    [InlineData("pkg:nuget/LOG4NET", null, true)]
    [InlineData("pkg:nuget/log4*", null, true)]
    [InlineData("pkg:nuget/log4net", "(,2.0.10)", true)]
    [InlineData("pkg:nuget/log4net", "[2.0.10,)", false)]
    [InlineData("pkg:nuget/log4net@2.0.8", null, true)]
    [InlineData("pkg:nuget/log4net@2.0.9", null, false)]
    [InlineData("pkg:npm/log4net", null, false)]
    public void Evaluate_PackageDeny_MatchesPurlPatternAndRange(string purl, string? versions, bool denied)
    {
        string spec = $"  packages:\n    deny:\n      - purl: \"{purl}\"\n        reason: CVE-2018-1285, use Serilog\n"
            + (versions is null ? string.Empty : $"        versions: \"{versions}\"\n");

        PolicyResult result = Evaluate(Input(ParsePolicy(spec), [], Bom(Package("log4net", "2.0.8"))));

        Assert.Equal(denied, result.Violations.Any(v => v.Code == "SG4003"));
        Assert.Equal(denied ? Decision.Deny : Decision.Pass, result.Decision);
    }

    [Fact]
    public void Evaluate_PackageDeny_MessageNamesReason()
    {
        PolicyDocument policy = ParsePolicy("  packages:\n    action: warn\n    deny:\n      - {purl: \"pkg:nuget/log4net\", versions: \"(,2.0.10)\", reason: use Serilog}\n");

        Violation violation = Assert.Single(Evaluate(Input(policy, [], Bom(Package("log4net", "2.0.8")))).Violations);

        Assert.Equal(RuleIds.PackagesDenied, violation.RuleId);
        Assert.Equal(RuleAction.Warn, violation.Action);
        Assert.Equal("log4net 2.0.8: package is denied by pkg:nuget/log4net (,2.0.10): use Serilog", violation.Message);
    }

    [Fact]
    public void Evaluate_PackageDenyOnExcludedComponent_StillCounts()
    {
        PolicyDocument policy = ParsePolicy("  packages:\n    deny:\n      - {purl: \"pkg:nuget/Evil.Analyzer\", reason: malware}\n");

        PolicyResult result = Evaluate(Input(policy, [], Bom(Package("Evil.Analyzer", "1.0.0", ComponentScopes.Excluded))));

        Assert.Equal(Decision.Deny, result.Decision);
    }

    [Fact]
    public void Evaluate_EndOfLifeRuntime_ReportsSG4004()
    {
        PolicyResult result = Evaluate(Input(ParsePolicy("  runtime: {endOfLife: deny}\n"), [], Bom(Runtime6), channels: Channels));

        Violation violation = Assert.Single(result.Violations);
        Assert.Equal("SG4004", violation.Code);
        Assert.Equal(RuleIds.RuntimeEndOfLife, violation.RuleId);
        Assert.Contains(".NET 6.0 is end-of-life since 2024-11-12", violation.Message, StringComparison.Ordinal);
        Assert.Equal(Decision.Deny, result.Decision);
    }

    [Fact]
    public void Evaluate_SupportedRuntime_NoViolation()
    {
        Assert.Empty(Evaluate(Input(ParsePolicy("  runtime: {endOfLife: deny}\n"), [], Bom(Runtime8), channels: Channels)).Violations);
    }

    [Fact]
    public void Evaluate_RuntimeAfterEndOfLifeDate_EndOfLifeEvenIfPhaseSaysActive()
    {
        PolicyResult result = Evaluate(Input(PolicyDocument.LoadPreset("default"), [], Bom(Runtime8), now: "2026-11-11T00:00:00Z", channels: Channels, store: Store("2026-11-10T00:00:00Z")));

        Violation violation = Assert.Single(result.Violations);
        Assert.Equal("SG4004", violation.Code);
        Assert.Equal(RuleAction.Warn, violation.Action);
    }

    [Fact]
    public void Evaluate_RuntimeRuleOffOrNoMetadata_NoViolation()
    {
        Assert.Empty(Evaluate(Input(ParsePolicy("  runtime: {endOfLife: off}\n"), [], Bom(Runtime6), channels: Channels)).Violations);
        Assert.Empty(Evaluate(Input(ParsePolicy("  runtime: {endOfLife: deny}\n"), [], Bom(Runtime6))).Violations);
    }

    [Theory]
    [InlineData("8.0.0", "8.0")]
    [InlineData("10.0.0-rc.2.25502.107", "10.0")]
    [InlineData("8", null)]
    [InlineData(null, null)]
    public void ChannelOf_Version_MajorMinor(string? version, string? channel)
    {
        Assert.Equal(channel, RuntimeRuleEvaluator.ChannelOf(version));
    }
}
