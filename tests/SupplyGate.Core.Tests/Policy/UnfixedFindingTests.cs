using System.Text;
using System.Text.Json;
using SupplyGate.Core.Advisories;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Inventory.Os;
using SupplyGate.Core.Kernel;
using SupplyGate.Core.Policy;
using SupplyGate.Core.Reporting;
using SupplyGate.Core.Sbom;
using static SupplyGate.Core.Tests.Policy.PolicyTestData;

namespace SupplyGate.Core.Tests.Policy;

/// <summary>
/// <c>spec.advisories.unfixed</c>: a finding no source publishes a fix for. On an OS package whose severity says
/// warn it is information by default (never a warning, so warnings as errors does not fail on it); a deny stays a
/// deny; library findings are unchanged unless the policy says otherwise.
/// </summary>
[Trait("Category", "unit")]
public sealed class UnfixedFindingTests
{
    private static readonly PolicyDocument Default = PolicyDocument.LoadPreset("default");

    private static readonly Component Libc6 =
        new OsPackage("libc6", "2.36-9+deb12u10", "amd64", "glibc", "2.36-9+deb12u10").ToComponent("deb", "debian", "debian-12");

    /// <summary>glibc's CVE-2010-4756 as Debian's tracker gives it for bookworm: urgency unimportant (low), no fix anywhere.</summary>
    private static Finding Glibc(Severity severity = Severity.Low, string? fixedVersion = null) => new()
    {
        AdvisoryId = "CVE-2010-4756",
        ComponentRef = Libc6.BomRef!,
        PackageName = "libc6",
        InstalledVersion = "2.36-9+deb12u10",
        Purl = Libc6.Purl,
        Ecosystem = "Debian:12",
        AffectedRange = fixedVersion is null ? "all versions" : $"< {fixedVersion}",
        FixedVersion = fixedVersion,
        Severity = new AdvisorySeverity(severity, SeverityOrigin.DatabaseLabel),
        Path = ["SampleApp", "libc6"],
    };

    private static PolicyResult Judge(PolicyDocument policy, params Finding[] findings) =>
        Evaluate(Input(policy, findings, Bom(Libc6, Package("Newtonsoft.Json", "12.0.1"))));

    [Fact]
    public void Default_UnfixedLowOsFinding_IsInformation_NotAWarning()
    {
        PolicyResult result = Judge(Default, Glibc());

        Violation info = Assert.Single(result.Violations);
        Assert.Equal(RuleAction.Info, info.Action);
        Assert.Equal(DiagnosticCode.AdvisoryLow, info.Code);
        Assert.False(info.CountsTowardDecision);
        Assert.EndsWith("no fixed version; path SampleApp > libc6; no fix published: information, not a warning (spec.advisories.unfixed.os)", info.Message, StringComparison.Ordinal);
        Assert.Equal((0, 0, 1), (result.DenyCount, result.WarnCount, result.UnfixedCount));
        Assert.Equal(Decision.Pass, result.Decision);
        Assert.Single(result.Findings);
    }

    [Theory]
    [InlineData(Severity.Critical, DiagnosticCode.AdvisoryCritical)]
    [InlineData(Severity.High, DiagnosticCode.AdvisoryHigh)]
    public void Default_UnfixedDenyOsFinding_StaysDeny(Severity severity, string code)
    {
        PolicyResult result = Judge(Default, Glibc(severity));

        Violation deny = Assert.Single(result.Violations);
        Assert.Equal((RuleAction.Deny, code, true), (deny.Action, deny.Code, deny.CountsTowardDecision));
        Assert.Equal(Decision.Deny, result.Decision);
        Assert.Equal(0, result.UnfixedCount);
    }

    [Theory]
    [InlineData(Severity.Medium)]
    [InlineData(Severity.Unknown)]
    public void Default_OtherWarnSeverities_AreInformationToo(Severity severity)
    {
        Violation info = Assert.Single(Judge(Default, Glibc(severity)).Violations);

        Assert.Equal(RuleAction.Info, info.Action);
    }

    [Fact]
    public void Default_OsFindingWithAFix_StaysAWarning()
    {
        Violation warn = Assert.Single(Judge(Default, Glibc(fixedVersion: "2.36-9+deb12u11")).Violations);

        Assert.Equal(RuleAction.Warn, warn.Action);
        Assert.DoesNotContain("no fix published", warn.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_UnfixedLibraryFinding_StaysAWarning()
    {
        Finding newtonsoft = NewtonsoftJson() with { FixedVersion = null };

        Violation warn = Assert.Single(Judge(Default, newtonsoft).Violations);

        Assert.Equal(RuleAction.Warn, warn.Action);
        Assert.Equal(1, Judge(Default, newtonsoft).WarnCount);
    }

    [Theory]
    [InlineData("os: warn", "CVE-2010-4756", RuleAction.Warn)]
    [InlineData("os: off", "CVE-2010-4756", null)]
    [InlineData("library: info", "GHSA-5crp-9r3c-p9vr", RuleAction.Info)]
    [InlineData("library: off", "GHSA-5crp-9r3c-p9vr", null)]
    public void Policy_SetsEachGroup(string unfixed, string advisory, RuleAction? expected)
    {
        PolicyDocument policy = ParsePolicy($"  advisories:\n    unfixed: {{{unfixed}}}\n");

        PolicyResult result = Judge(policy, Glibc(), NewtonsoftJson() with { FixedVersion = null });

        Assert.Equal(expected, result.Violations.SingleOrDefault(v => v.Finding!.AdvisoryId == advisory)?.Action);
        Assert.Equal(2, result.Findings.Count);
        Assert.Equal(Decision.Pass, result.Decision);
    }

    [Fact]
    public void SeverityDeny_IsNotLowered_EvenWhenUnfixedSaysOff()
    {
        PolicyDocument policy = ParsePolicy("  advisories:\n    low: deny\n    unfixed: {os: off, library: off}\n");

        Violation deny = Assert.Single(Judge(policy, Glibc()).Violations);

        Assert.Equal(RuleAction.Deny, deny.Action);
    }

    [Fact]
    public void FixedOnly_KeepsItsNotCountedWarning_ForAnUnfixedDeny()
    {
        PolicyDocument policy = ParsePolicy("  advisories: {fixedOnly: true}\n");

        Violation warn = Assert.Single(Judge(policy, Glibc(Severity.High)).Violations);

        Assert.Equal((RuleAction.Warn, false), (warn.Action, warn.CountsTowardDecision));
        Assert.EndsWith("not counted: no fixed version (spec.advisories.fixedOnly)", warn.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("    unfixed: {os: deny}\n", "'spec.advisories.unfixed.os' cannot be deny")]
    [InlineData("    unfixed: {library: never}\n", "'never' is not an action for 'spec.advisories.unfixed.library' (expected warn, info or off)")]
    [InlineData("    unfixed: {deb: info}\n", "unknown key 'deb' in 'spec.advisories.unfixed'")]
    [InlineData("    unfixed: info\n", "'spec.advisories.unfixed' is 'info' (expected a mapping of os, library)")]
    [InlineData("    low: info\n", "'info' is not an action for 'spec.advisories.low' (expected deny, warn or off)")]
    public void Parser_RejectsWithPosition(string advisories, string message)
    {
        InvalidInputException error = Assert.Throws<InvalidInputException>(() => ParsePolicy("  advisories:\n" + advisories));

        Assert.Equal(DiagnosticCode.PolicyInvalid, error.Code);
        Assert.Contains("policy.yaml:7:", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Writer_RoundTripsTheKnob()
    {
        PolicyDocument policy = ParsePolicy("  advisories:\n    unfixed: {os: off, library: info}\n");

        string yaml = PolicyYamlWriter.Write(policy);
        PolicyDocument again = PolicyDocument.Parse(Encoding.UTF8.GetBytes(yaml), "shown.yaml");

        Assert.Contains("    unfixed:\n      os: off\n      library: info\n", yaml, StringComparison.Ordinal);
        Assert.Equal(new UnfixedRules { Os = RuleAction.Off, Library = RuleAction.Info }, again.Advisories.Unfixed);
        Assert.Equal(policy.Advisories, again.Advisories);
        Assert.NotEqual(Default.Advisories, again.Advisories);
    }

    [Fact]
    public void Presets_WriteTheDefaultsOut()
    {
        foreach (string name in PolicyDocument.PresetNames)
        {
            Assert.Equal(new UnfixedRules(), PolicyDocument.LoadPreset(name).Advisories.Unfixed);
        }

        Assert.Equal((RuleAction.Info, RuleAction.Warn), (new UnfixedRules().Os, new UnfixedRules().Library));
    }

    [Fact]
    public void Reports_ListItAsNoFixPublished_AndSarifAsANote()
    {
        var context = new ReportContext { Bom = Bom(Libc6), Result = Judge(Default, Glibc()), SbomFile = "app.image.cdx.json" };

        using JsonDocument json = JsonDocument.Parse(JsonReport.Write(context));
        JsonElement counts = json.RootElement.GetProperty("counts");
        Assert.Equal((0, 0, 1), (counts.GetProperty("warn").GetInt32(), counts.GetProperty("notCounted").GetInt32(), counts.GetProperty("unfixed").GetInt32()));
        Assert.Equal("info", json.RootElement.GetProperty("violations")[0].GetProperty("action").GetString());
        Assert.Equal("info", json.RootElement.GetProperty("findings")[0].GetProperty("status").GetString());

        using JsonDocument sarif = JsonDocument.Parse(SarifReport.Write(context));
        JsonElement result = Assert.Single(sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray());
        Assert.Equal(("note", "SG3001"), (result.GetProperty("level").GetString(), result.GetProperty("ruleId").GetString()));

        string markdown = MarkdownReport.Write(context);
        Assert.Contains("0 warned, 0 suppressed, 1 findings in total, 1 with no fix published (information)", markdown, StringComparison.Ordinal);
        Assert.Contains("### Violations (0)", markdown, StringComparison.Ordinal);
        Assert.Contains("### No fix published (1)", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("### Not counted", markdown, StringComparison.Ordinal);
    }
}
