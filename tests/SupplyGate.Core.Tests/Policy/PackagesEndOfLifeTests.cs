using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Policy;
using SupplyGate.Core.Sbom;
using static SupplyGate.Core.Tests.Policy.PolicyTestData;

namespace SupplyGate.Core.Tests.Policy;

/// <summary>Rule packages.end-of-life: client-side library lines whose maintainers ended support.</summary>
[Trait("Category", "unit")]
public sealed class PackagesEndOfLifeTests
{
    private static Component Npm(string name, string version) => Package(name, version) with
    {
        BomRef = $"pkg:npm/{name}@{version}",
        Purl = $"pkg:npm/{name}@{version}",
    };

    [Fact]
    public void AngularJs1_IsEndOfLife_AWarningByDefault_AndADenyInStrict()
    {
        Bom bom = Bom(Npm("angular", "1.6.9"));

        Violation warned = Assert.Single(Evaluate(Input(PolicyDocument.LoadPreset("default"), [], bom, store: Store(Now))).Violations, v => v.Code == DiagnosticCode.ComponentEndOfLife);
        Assert.Equal(RuleAction.Warn, warned.Action);
        Assert.Equal(RuleIds.PackagesEndOfLife, warned.RuleId);
        Assert.Contains("AngularJS 1.x reached end of life on 2021-12-31", warned.Message, StringComparison.Ordinal);
        Assert.Equal("pkg:npm/angular@1.6.9", warned.ComponentRef);

        PolicyResult strict = Evaluate(Input(PolicyDocument.LoadPreset("strict"), [], bom, store: Store(Now)));
        Assert.Equal(RuleAction.Deny, Assert.Single(strict.Violations, v => v.Code == DiagnosticCode.ComponentEndOfLife).Action);
        Assert.Equal(Decision.Deny, strict.Decision);
    }

    [Theory]
    [InlineData("angular", "2.0.0")]          // not the 1.x line (and not how Angular 2+ is named on npm anyway)
    [InlineData("bootstrap", "5.3.3")]        // supported
    [InlineData("jquery", "1.12.4")]          // not in the table: its advisories speak for it
    public void OtherLines_AreNotEndOfLife(string name, string version)
    {
        Assert.DoesNotContain(Evaluate(Input(ParsePolicy("  packages: {endOfLife: deny}\n"), [], Bom(Npm(name, version)))).Violations, v => v.Code == DiagnosticCode.ComponentEndOfLife);
    }

    [Fact]
    public void Bootstrap4_IsEndOfLifeOnlyAfterItsDate_AndOffTurnsTheRuleOff()
    {
        Bom bom = Bom(Npm("bootstrap", "4.0.0"));

        Assert.DoesNotContain(Evaluate(Input(ParsePolicy("  packages: {endOfLife: deny}\n"), [], bom, now: "2022-12-31T12:00:00Z")).Violations, v => v.Code == DiagnosticCode.ComponentEndOfLife);
        Assert.Contains(Evaluate(Input(ParsePolicy("  packages: {endOfLife: deny}\n"), [], bom, now: "2023-01-02T00:00:00Z")).Violations, v => v.Code == DiagnosticCode.ComponentEndOfLife);
        Assert.DoesNotContain(Evaluate(Input(ParsePolicy("  packages: {endOfLife: off}\n"), [], bom, now: "2026-01-01T00:00:00Z")).Violations, v => v.Code == DiagnosticCode.ComponentEndOfLife);
    }

    [Fact]
    public void ANuGetPackageNamedLikeALibrary_IsNotJudged()
    {
        Assert.DoesNotContain(Evaluate(Input(ParsePolicy("  packages: {endOfLife: deny}\n"), [], Bom(Package("bootstrap", "3.4.1")))).Violations, v => v.Code == DiagnosticCode.ComponentEndOfLife);
    }
}
