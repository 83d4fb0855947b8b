using System.Text.Json;
using SupplyGate.Core.Advisories;
using SupplyGate.Core.Advisories.Store;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Gate;
using SupplyGate.Core.Inventory.NuGet;
using SupplyGate.Core.Kernel;
using SupplyGate.Core.Policy;
using SupplyGate.Core.Sbom;
using SupplyGate.Core.Tests.Policy;

namespace SupplyGate.Core.Tests.Runtime;

/// <summary>
/// The .NET runtime against the built-in release metadata (dotnet/core releases.json, unmodified): a
/// framework-dependent app gets one host-patch line per channel and no per-CVE findings; a known runtime
/// version gets one finding per CVE naming every framework, with a severity from the advisory data when
/// the release metadata has none.
/// </summary>
[Trait("Category", "unit")]
public sealed class RuntimeGateTests
{
    private static readonly string ReleasesDirectory = Path.Combine(
        AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "SupplyGate.Core", "Advisories", "DefaultData");

    [Fact]
    public void FrameworkDependent_AspNetCoreApp_OneHostPatchLine_NoCveFindings()
    {
        Bom bom = PolicyTestData.Bom(HostFramework("Microsoft.NETCore.App", "10.0.0"), HostFramework("Microsoft.AspNetCore.App", "10.0.0"));

        GateOutcome outcome = Gate(bom, "default");

        Assert.Empty(outcome.Match.Findings);
        Assert.DoesNotContain(outcome.Result.Violations, v => v.Code == DiagnosticCode.AdvisoryUnknown);
        Violation patch = Assert.Single(outcome.Result.Violations, v => v.Code == DiagnosticCode.RuntimeHostPatch);
        (int count, string latest) = CvesFixedAfter("10.0", "10.0.0");
        Assert.Contains($"hosts must run {latest} or later, which fixes all {count} known .NET 10.0 runtime CVEs", patch.Message, StringComparison.Ordinal);
        Assert.Contains("Microsoft.AspNetCore.App, Microsoft.NETCore.App >= 10.0.0", patch.Message, StringComparison.Ordinal);
        Assert.Equal(RuleAction.Warn, patch.Action);
        Assert.DoesNotContain(outcome.Result.Violations, v => v.Action == RuleAction.Deny && v.CountsTowardDecision);
    }

    [Fact]
    public void FrameworkDependent_LatestPatchMinimum_NoHostPatchLine()
    {
        (_, string latest) = CvesFixedAfter("10.0", "10.0.0");
        GateOutcome outcome = Gate(PolicyTestData.Bom(HostFramework("Microsoft.NETCore.App", latest)), "default");

        Assert.DoesNotContain(outcome.Result.Violations, v => v.Code == DiagnosticCode.RuntimeHostPatch);
    }

    [Fact]
    public void FrameworkDependent_EndOfLifeChannel_OneLineForBothFrameworks()
    {
        Bom bom = PolicyTestData.Bom(HostFramework("Microsoft.NETCore.App", "6.0.0"), HostFramework("Microsoft.AspNetCore.App", "6.0.0"));

        GateOutcome outcome = Gate(bom, "strict");

        Violation eol = Assert.Single(outcome.Result.Violations, v => v.Code == DiagnosticCode.RuntimeEndOfLife);
        Assert.StartsWith("Microsoft.AspNetCore.App 6.0.0, Microsoft.NETCore.App 6.0.0: .NET 6.0 is end-of-life", eol.Message, StringComparison.Ordinal);
        Assert.Single(outcome.Result.Violations, v => v.Code == DiagnosticCode.RuntimeHostPatch);
        Assert.DoesNotContain(outcome.Result.Violations, v => v.Code == DiagnosticCode.LicenseUnknown);
    }

    [Fact]
    public void SelfContained_RuntimePacks_OneFindingPerCveNamingBothFrameworks()
    {
        Bom bom = PolicyTestData.Bom(RuntimePack("Microsoft.NETCore.App.Runtime.linux-x64", "8.0.0"), RuntimePack("Microsoft.AspNetCore.App.Runtime.linux-x64", "8.0.0"));

        GateOutcome outcome = Gate(bom, "default");

        (int count, _) = CvesFixedAfter("8.0", "8.0.0");
        Assert.Equal(count, outcome.Match.Findings.Count);
        Assert.Equal(count, outcome.Match.Findings.Select(f => f.AdvisoryId).Distinct(StringComparer.Ordinal).Count());
        Finding both = outcome.Match.Findings.First(f => f.AlsoAffects.Count > 0);
        Assert.Equal("Microsoft.AspNetCore.App.Runtime.linux-x64", both.PackageName);
        Assert.Equal("Microsoft.NETCore.App.Runtime.linux-x64", Assert.Single(both.AlsoAffects).PackageName);
        Assert.Contains(outcome.Result.Violations, v => v.Message.StartsWith(
            "Microsoft.AspNetCore.App.Runtime.linux-x64 8.0.0, Microsoft.NETCore.App.Runtime.linux-x64 8.0.0: ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("[Microsoft.AspNetCore.App.Runtime.linux-x64]", false)]
    [InlineData("[Microsoft.NETCore.App.Runtime.linux-x64]", false)]
    [InlineData("[Microsoft.NETCore.App.Runtime.linux-x64, Microsoft.AspNetCore.App.Runtime.linux-x64]", true)]
    [InlineData("[\"Microsoft.*.App.Runtime.linux-x64\"]", true)]
    public void SelfContained_MergedFinding_SuppressedOnlyWhenEveryFrameworkItNamesIsCovered(string packages, bool suppressed)
    {
        Bom bom = PolicyTestData.Bom(RuntimePack("Microsoft.NETCore.App.Runtime.linux-x64", "8.0.0"), RuntimePack("Microsoft.AspNetCore.App.Runtime.linux-x64", "8.0.0"));
        string cve = Gate(bom, "default").Match.Findings.First(f => f.AlsoAffects.Count > 0).AdvisoryId;
        string entries = string.Concat(packages.Trim('[', ']').Split(", ").Select(p =>
            $"    - {{advisory: {cve}, purl: \"pkg:nuget/{p.Trim('"')}\", reason: mitigated in our image, expires: 2099-01-01}}\n"));

        GateOutcome outcome = Gate(bom, PolicyTestData.ParsePolicy("  suppressions:\n" + entries));

        Assert.Equal(suppressed, outcome.Result.Suppressed.Any(s => s.Finding.AdvisoryId == cve));
        Assert.Equal(!suppressed, outcome.Result.Violations.Any(v => v.Finding?.AdvisoryId == cve));
    }

    [Fact]
    public void SelfContained_CveWithAnAdvisoryRecord_GetsThatRecordsSeverity()
    {
        GateOutcome outcome = Gate(PolicyTestData.Bom(RuntimePack("Microsoft.NETCore.App.Runtime.linux-x64", "8.0.0")), "default");

        // CVE-2024-43485 is listed on .NET 8.0.10; the sample's GHSA-8g4q-xg66-9fp4 (System.Text.Json) rates it.
        Finding finding = Assert.Single(outcome.Match.Findings, f => f.AdvisoryId == "CVE-2024-43485");
        Assert.Equal(Severity.High, finding.Severity.Level);
        Assert.Equal(SeverityOrigin.CvssV3, finding.Severity.Origin);
        Assert.Contains("GHSA-8g4q-xg66-9fp4", finding.Aliases);
        Assert.Equal("8.0.10", finding.FixedVersion);
        Assert.Contains(outcome.Result.Violations, v => v.Code == DiagnosticCode.AdvisoryHigh && v.Finding?.AdvisoryId == "CVE-2024-43485");
    }

    [Theory]
    [InlineData("10.0.0", null, "vers:nuget/>=10.0.0|<11.0.0")]
    [InlineData("10.0.0", "Minor", "vers:nuget/>=10.0.0|<11.0.0")]
    [InlineData("10.0.0", "LatestMinor", "vers:nuget/>=10.0.0|<11.0.0")]
    [InlineData("10.0.0", "LatestPatch", "vers:nuget/>=10.0.0|<10.1.0")]
    [InlineData("8.0.0", "Major", "vers:nuget/>=8.0.0")]
    [InlineData("8.0.0", "LatestMajor", "vers:nuget/>=8.0.0")]
    [InlineData("8.0.3", "Disable", "vers:nuget/8.0.3")]
    public void Range_FollowsTheRollForwardPolicy(string minimum, string? rollForward, string expected) =>
        Assert.Equal(expected, RuntimeRequirement.Range(minimum, rollForward));

    private static GateOutcome Gate(Bom bom, string preset) => Gate(bom, PolicyDocument.LoadPreset(preset));

    private static GateOutcome Gate(Bom bom, PolicyDocument policy)
    {
        using AdvisoryStore store = AdvisoryStore.OpenDefault(TimeProvider.System);
        return GateEvaluator.Evaluate(new GateRequest
        {
            Bom = bom,
            Policy = policy,
            Store = store,
            Time = FakeTimeProvider.At("2026-08-01T00:00:00Z"),
        });
    }

    /// <summary>Independently of the importer: the distinct CVEs listed on GA releases after <paramref name="minimum"/>, and the newest such release.</summary>
    private static (int Count, string Latest) CvesFixedAfter(string channel, string minimum)
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(ReleasesDirectory, $"releases-{channel}.json")));
        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        string? latest = null;
        var min = NuGet.Versioning.NuGetVersion.Parse(minimum);
        foreach (JsonElement release in doc.RootElement.GetProperty("releases").EnumerateArray())
        {
            string version = release.GetProperty("release-version").GetString()!;
            if (version.Contains('-', StringComparison.Ordinal) || NuGet.Versioning.NuGetVersion.Parse(version) <= min
                || release.GetProperty("cve-list").ValueKind != JsonValueKind.Array || release.GetProperty("cve-list").GetArrayLength() == 0)
            {
                continue;
            }

            latest = latest is null || NuGet.Versioning.NuGetVersion.Parse(version) > NuGet.Versioning.NuGetVersion.Parse(latest) ? version : latest;
            foreach (JsonElement cve in release.GetProperty("cve-list").EnumerateArray())
            {
                ids.Add(cve.GetProperty("cve-id").GetString()!.Trim());
            }
        }

        return (ids.Count, latest!);
    }

    private static Component HostFramework(string name, string minimum) => new()
    {
        Type = ComponentTypes.Framework,
        Name = name,
        Version = minimum,
        Purl = $"pkg:generic/{name}@{minimum}",
        BomRef = $"pkg:generic/{name}@{minimum}",
        Scope = ComponentScopes.Required,
        Licenses = [new LicenseExpression("MIT")],
        Properties =
        [
            new Property(PropertyNames.DotNetRuntime, "true"),
            new Property(PropertyNames.RuntimeProvidedBy, RuntimeProviders.Host),
            new Property(PropertyNames.RuntimeVersionKind, "minimum"),
        ],
    };

    private static Component RuntimePack(string name, string version) => new()
    {
        Type = ComponentTypes.Framework,
        Name = name,
        Version = version,
        Purl = $"pkg:nuget/{name}@{version}",
        BomRef = $"pkg:nuget/{name}@{version}",
        Scope = ComponentScopes.Required,
        Licenses = [new LicenseExpression("MIT")],
        Properties = [new Property(PropertyNames.DotNetRuntime, "true")],
    };
}
