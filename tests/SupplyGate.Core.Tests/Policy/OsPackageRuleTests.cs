using SupplyGate.Core.Advisories;
using SupplyGate.Core.Advisories.Versioning;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Inventory.Os;
using SupplyGate.Core.Kernel;
using SupplyGate.Core.Policy;
using SupplyGate.Core.Sbom;
using static SupplyGate.Core.Tests.Policy.PolicyTestData;

namespace SupplyGate.Core.Tests.Policy;

/// <summary>Denied OS packages (SG4010) in their own version schemes, and OS-package advisories through the same gate as NuGet ones.</summary>
[Trait("Category", "unit")]
public sealed class OsPackageRuleTests
{
    private static Component Deb(string name, string version, string source, string? sourceVersion = null, bool baseLayer = true) =>
        new OsPackage(name, version, "amd64", source, sourceVersion ?? version).ToComponent("deb", "debian", "debian-12") with
        {
            Properties =
            [
                new Property(PropertyNames.OsSourceName, source),
                .. sourceVersion is null ? Array.Empty<Property>() : [new Property(PropertyNames.OsSourceVersion, sourceVersion)],
                new Property("supplygate:image:layer", "sha256:1111"),
                new Property("supplygate:image:base-layer", baseLayer ? "true" : "false"),
            ],
        };

    private static Component Apk(string name, string version) =>
        new OsPackage(name, version, "x86_64", name, version).ToComponent("apk", "alpine", "alpine-3.19.1");

    /// <summary>OS packages carry no license data here, so the default SG4002 warning is left out.</summary>
    private static IEnumerable<Violation> Relevant(PolicyResult result) => result.Violations.Where(v => v.RuleId != RuleIds.LicensesUnknown);

    private static PolicyResult Judge(string deniedPackages, string action, params Component[] components) =>
        Evaluate(Input(ParsePolicy($"  image:\n    deniedPackagesAction: {action}\n    deniedPackages:\n{deniedPackages}"), findings: [], bom: Bom(components)));

    [Theory]
    [InlineData("< 3.0.13-1~deb12u1", true)]
    [InlineData("<= 3.0.11-1~deb12u2", true)]
    [InlineData(">= 3.0.0, < 3.0.12", true)]
    [InlineData("< 3.0.11-1~deb12u1", false)]
    [InlineData("= 3.0.11-1~deb12u2", true)]
    [InlineData("!= 3.0.11-1~deb12u2", false)]
    [InlineData("> 1:0.1", false)]                                     // an epoch outranks any upstream version
    public void DebianRange_UsesDpkgOrder(string range, bool denied)
    {
        PolicyResult result = Judge($"      - {{name: openssl, versions: \"{range}\", reason: CVE-2024-0727}}\n", "deny", Deb("openssl", "3.0.11-1~deb12u2", "openssl"));

        Assert.Equal(denied, result.Violations.Any(v => v.Code == DiagnosticCode.OsPackageDenied));
    }

    [Fact]
    public void SourceName_CatchesBinaryPackages_MessageNamesSourceAndLayer()
    {
        PolicyResult result = Judge(
            "      - {name: openssl, versions: \"< 3.0.13-1~deb12u1\", reason: CVE-2024-0727}\n",
            "deny",
            Deb("libssl3", "3.0.11-1~deb12u2", "openssl"),
            Deb("zlib1g", "1:1.2.13.dfsg-1", "zlib", "1.2.13.dfsg-1"));

        Violation violation = Assert.Single(Relevant(result));
        Assert.Equal(DiagnosticCode.OsPackageDenied, violation.Code);
        Assert.Equal(RuleIds.ImageDeniedPackages, violation.RuleId);
        Assert.Equal(
            "libssl3 3.0.11-1~deb12u2 (source openssl 3.0.11-1~deb12u2): OS package is denied by openssl < 3.0.13-1~deb12u1 (dpkg): CVE-2024-0727; layer sha256:1111 (base image)",
            violation.Message);
        Assert.Equal(Decision.Deny, result.Decision);
    }

    [Theory]
    [InlineData("warn", RuleAction.Warn, Decision.Pass)]
    [InlineData("deny", RuleAction.Deny, Decision.Deny)]
    public void Action_WarnOrDeny(string action, RuleAction expected, Decision decision)
    {
        PolicyResult result = Judge("      - {name: \"libsqlite*\", reason: no sqlite}\n", action, Deb("libsqlite3-0", "3.40.1-2", "sqlite3"));

        Assert.Equal(expected, Assert.Single(Relevant(result)).Action);
        Assert.Equal(decision, result.Decision);
    }

    [Fact]
    public void Off_NoViolation()
    {
        Assert.Empty(Relevant(Judge("      - {name: openssl, reason: r}\n", "off", Deb("openssl", "3.0.11-1~deb12u2", "openssl"))));
    }

    [Fact]
    public void ApkRange_UsesApkOrder_NuGetIsNotAnOsPackage()
    {
        PolicyResult result = Judge(
            "      - {name: busybox, versions: \"< 1.36.1-r16\", reason: CVE-2023-42366}\n      - {name: \"Newtonsoft.Json\", reason: not an OS package}\n",
            "deny",
            Apk("busybox", "1.36.1-r15"),
            Package("Newtonsoft.Json", "12.0.1"));

        Violation violation = Assert.Single(Relevant(result));
        Assert.StartsWith("busybox 1.36.1-r15: OS package is denied by busybox < 1.36.1-r16 (apk)", violation.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("< 3.0.13-1~deb12u1", true)]
    [InlineData(">= 1:2.0, < 1:2.4", true)]
    [InlineData("= 1.36.1-r16", true)]
    [InlineData("3.0.13", false)]
    [InlineData("< ", false)]
    [InlineData("< 1.0,", false)]
    [InlineData("<< 1.0", false)]
    public void OsVersionRange_Parse(string text, bool valid) => Assert.Equal(valid, OsVersionRange.TryParse(text, out _));

    [Fact]
    public void OsVersionRange_InvalidInstalledVersion_DoesNotMatch()
    {
        Assert.True(OsVersionRange.TryParse("< 2.0", out OsVersionRange? range));
        Assert.False(range!.Contains("not a version!", VersionSchemes.Dpkg));
    }

    /// <summary>OS advisories need no policy change: a Debian finding on a base-layer package is judged like a NuGet one.</summary>
    [Theory]
    [InlineData(Severity.Critical, DiagnosticCode.AdvisoryCritical, RuleAction.Deny)]
    [InlineData(Severity.High, DiagnosticCode.AdvisoryHigh, RuleAction.Deny)]
    [InlineData(Severity.Medium, DiagnosticCode.AdvisoryMedium, RuleAction.Warn)]
    [InlineData(Severity.Low, DiagnosticCode.AdvisoryLow, RuleAction.Warn)]
    public void DebianFinding_OnBaseLayerComponent_ProducesSG300x(Severity severity, string code, RuleAction action)
    {
        Component openssl = Deb("libssl3", "3.0.11-1~deb12u2", "openssl");
        var finding = new Finding
        {
            AdvisoryId = "CVE-2024-0727",
            ComponentRef = openssl.BomRef!,
            PackageName = "openssl",
            InstalledVersion = "3.0.11-1~deb12u2",
            Purl = openssl.Purl!,
            Ecosystem = "Debian:12",
            AffectedRange = "< 3.0.13-1~deb12u1",
            FixedVersion = "3.0.13-1~deb12u1",
            Severity = new AdvisorySeverity(severity, SeverityOrigin.DatabaseLabel),
            Path = ["SampleApp", "libssl3"],
        };

        PolicyResult result = Evaluate(Input(PolicyDocument.LoadPreset("default"), findings: [finding], bom: Bom(openssl)));

        Violation violation = Assert.Single(Relevant(result));
        Assert.Equal(code, violation.Code);
        Assert.Equal(RuleIds.Advisories, violation.RuleId);
        Assert.Equal(action, violation.Action);
        Assert.StartsWith("openssl 3.0.11-1~deb12u2: CVE-2024-0727 ", violation.Message, StringComparison.Ordinal);
        Assert.Equal(action == RuleAction.Deny ? Decision.Deny : Decision.Pass, result.Decision);
    }
}
