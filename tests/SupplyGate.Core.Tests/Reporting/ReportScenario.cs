using SupplyGate.Core.Advisories;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Kernel;
using SupplyGate.Core.Policy;
using SupplyGate.Core.Reporting;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Tests.Reporting;

/// <summary>
/// The sample app's gate outcome under the default policy, built by hand from the real GHSA records in
/// the public test data ghsa-nuget-sample (ids, aliases, vectors, fixed versions): deny high on SqlClient, warn
/// medium on a transitive MSAL, low on Newtonsoft.Json, two suppressions (policy and VEX) and a high on an
/// excluded System.Text.Json that does not count.
/// </summary>
internal static class ReportScenario
{
    public const string AppRef = "pkg:nuget/SampleApp@1.0.0";
    public const string SqlClientRef = "pkg:nuget/Microsoft.Data.SqlClient@2.1.4";
    public const string MsalRef = "pkg:nuget/Microsoft.Identity.Client@4.21.1";
    public const string NewtonsoftRef = "pkg:nuget/Newtonsoft.Json@12.0.1";
    public const string JwtRef = "pkg:nuget/System.IdentityModel.Tokens.Jwt@6.8.0";
    public const string JsonWebTokensRef = "pkg:nuget/Microsoft.IdentityModel.JsonWebTokens@6.8.0";
    public const string TextJsonRef = "pkg:nuget/System.Text.Json@8.0.0";

    public static readonly DateTimeOffset EvaluatedAt = new(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);

    public static readonly Finding SqlClient = new()
    {
        AdvisoryId = "GHSA-98g6-xh36-x2p7",
        Aliases = ["CVE-2024-0056"],
        ComponentRef = SqlClientRef,
        PackageName = "Microsoft.Data.SqlClient",
        InstalledVersion = "2.1.4",
        Purl = SqlClientRef,
        Ecosystem = Ecosystems.NuGet,
        AffectedRange = ">= 0, < 2.1.7",
        FixedVersion = "2.1.7",
        Severity = new AdvisorySeverity(Severity.High, SeverityOrigin.CvssV3, 8.7, "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:C/C:H/I:H/A:N"),
        Summary = "Microsoft.Data.SqlClient and System.Data.SqlClient vulnerable to SQL Data Provider Security Feature Bypass",
        References = ["https://github.com/advisories/GHSA-98g6-xh36-x2p7", "https://nvd.nist.gov/vuln/detail/CVE-2024-0056"],
        Sources = [AdvisorySources.Osv],
        Path = ["SampleApp", "Microsoft.Data.SqlClient"],
    };

    public static readonly Finding Msal = new()
    {
        AdvisoryId = "GHSA-m5vv-6r4h-3vj9",
        Aliases = ["CVE-2024-35255"],
        ComponentRef = MsalRef,
        PackageName = "Microsoft.Identity.Client",
        InstalledVersion = "4.21.1",
        Purl = MsalRef,
        Ecosystem = Ecosystems.NuGet,
        AffectedRange = ">= 0, < 4.61.3",
        FixedVersion = "4.61.3",
        Severity = new AdvisorySeverity(Severity.Medium, SeverityOrigin.CvssV3, 5.5, "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N"),
        Summary = "Azure Identity Libraries and Microsoft Authentication Library Elevation of Privilege Vulnerability",
        References = ["https://github.com/advisories/GHSA-m5vv-6r4h-3vj9"],
        Sources = [AdvisorySources.Osv],
        Path = ["SampleApp", "Microsoft.Data.SqlClient", "Microsoft.Identity.Client"],
    };

    public static readonly Finding Newtonsoft = new()
    {
        AdvisoryId = "GHSA-5crp-9r3c-p9vr",
        ComponentRef = NewtonsoftRef,
        PackageName = "Newtonsoft.Json",
        InstalledVersion = "12.0.1",
        Purl = NewtonsoftRef,
        Ecosystem = Ecosystems.NuGet,
        AffectedRange = ">= 0, < 13.0.1",
        FixedVersion = "13.0.1",
        Severity = new AdvisorySeverity(Severity.Low, SeverityOrigin.DatabaseLabel),
        Summary = "Improper Handling of Exceptional Conditions in Newtonsoft.Json",
        References = ["https://github.com/advisories/GHSA-5crp-9r3c-p9vr"],
        Sources = [AdvisorySources.Osv, AdvisorySources.NuGetFeed],
        Path = ["SampleApp", "Newtonsoft.Json"],
    };

    public static readonly Finding JsonWebTokens = JwtFinding(JsonWebTokensRef, "Microsoft.IdentityModel.JsonWebTokens",
        ["SampleApp", "Microsoft.Data.SqlClient", "System.IdentityModel.Tokens.Jwt", "Microsoft.IdentityModel.JsonWebTokens"]);

    public static readonly Finding Jwt = JwtFinding(JwtRef, "System.IdentityModel.Tokens.Jwt",
        ["SampleApp", "Microsoft.Data.SqlClient", "System.IdentityModel.Tokens.Jwt"]);

    public static readonly Finding TextJson = new()
    {
        AdvisoryId = "GHSA-8g4q-xg66-9fp4",
        Aliases = ["CVE-2024-43485"],
        ComponentRef = TextJsonRef,
        PackageName = "System.Text.Json",
        InstalledVersion = "8.0.0",
        Purl = TextJsonRef,
        Ecosystem = Ecosystems.NuGet,
        AffectedRange = ">= 8.0.0, < 8.0.5",
        FixedVersion = "8.0.5",
        Severity = new AdvisorySeverity(Severity.High, SeverityOrigin.CvssV3, 7.5, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H"),
        Summary = "Microsoft Security Advisory CVE-2024-43485 | .NET Denial of Service Vulnerability",
        References = ["https://github.com/advisories/GHSA-8g4q-xg66-9fp4"],
        Sources = [AdvisorySources.Osv],
        Path = ["SampleApp", "System.Text.Json"],
        Scope = ComponentScopes.Excluded,
        ExcludedReason = ExcludedReasons.FrameworkProvided,
    };

    public static readonly StoreInfo Store = new()
    {
        SchemaVersion = 1,
        BuiltAt = new DateTimeOffset(2026, 3, 1, 6, 0, 0, TimeSpan.Zero),
        Sources = [new StoreSourceInfo("ghsa-nuget-sample", AdvisorySources.Osv, new DateTimeOffset(2026, 2, 27, 0, 0, 0, TimeSpan.Zero), 11)],
        AdvisoryCount = 11,
        SampleLabel = "sample: 11 GHSA NuGet advisories (snapshot 2026-02-27, CC-BY-4.0)",
        Location = "built-in sample",
    };

    public static readonly SuppressedFinding PolicySuppression = new(
        JsonWebTokens,
        "Tokens are only validated from our own issuer; upgrade tracked in OPS-142",
        new DateOnly(2026, 9, 30),
        "policy suppressions[0]");

    public static readonly SuppressedFinding VexSuppression = new(
        Jwt,
        "vulnerable_code_not_in_execute_path: JwtSecurityTokenHandler is never called",
        null,
        "vex openvex vex/sample.openvex.json");

    /// <summary>The SBOM the findings refer to (bom-refs are purls, as the inventory writes them).</summary>
    public static Bom Bom() => new()
    {
        SerialNumber = "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
        Metadata = new BomMetadata
        {
            Timestamp = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero),
            Component = new Component { Type = ComponentTypes.Application, BomRef = AppRef, Name = "SampleApp", Version = "1.0.0", Purl = AppRef },
        },
        Components =
        [
            Library(SqlClientRef, "Microsoft.Data.SqlClient", "2.1.4"),
            Library(JsonWebTokensRef, "Microsoft.IdentityModel.JsonWebTokens", "6.8.0"),
            Library(MsalRef, "Microsoft.Identity.Client", "4.21.1"),
            Library(NewtonsoftRef, "Newtonsoft.Json", "12.0.1"),
            Library(JwtRef, "System.IdentityModel.Tokens.Jwt", "6.8.0"),
            Library(TextJsonRef, "System.Text.Json", "8.0.0") with
            {
                Scope = ComponentScopes.Excluded,
                Properties = [new Property(PropertyNames.ExcludedReason, ExcludedReasons.FrameworkProvided)],
            },
        ],
        Dependencies =
        [
            new Dependency(AppRef, [SqlClientRef, NewtonsoftRef, TextJsonRef]),
            new Dependency(SqlClientRef, [MsalRef, JwtRef]),
            new Dependency(JsonWebTokensRef, []),
            new Dependency(MsalRef, []),
            new Dependency(NewtonsoftRef, []),
            new Dependency(JwtRef, [JsonWebTokensRef]),
            new Dependency(TextJsonRef, []),
        ],
    };

    /// <summary>The default policy's verdict: DENY.</summary>
    public static PolicyResult Denied() => new()
    {
        Decision = Decision.Deny,
        Violations =
        [
            Advisory(SqlClient, RuleAction.Deny),
            Advisory(Msal, RuleAction.Warn),
            Advisory(Newtonsoft, RuleAction.Warn),
            Advisory(TextJson, RuleAction.Deny) with { CountsTowardDecision = false },
        ],
        Findings = [SqlClient, Msal, Newtonsoft, JsonWebTokens, Jwt, TextJson],
        Suppressed = [PolicySuppression, VexSuppression],
        PolicyName = "default",
        PolicyDigest = "sha256:9f2c4e1b7a3d5f60812e4c9b0a7d3e5f1c2b4a6d8e0f1a3c5b7d9e1f3a5c7b9d",
        Store = Store,
        EvaluatedAt = EvaluatedAt,
    };

    /// <summary>The same build with GHSA-98g6-xh36-x2p7 suppressed as well: PASS, and it is still listed.</summary>
    public static PolicyResult PassedWithSqlClientSuppressed()
    {
        PolicyResult denied = Denied();
        return denied with
        {
            Decision = Decision.Pass,
            Violations = [.. denied.Violations.Where(v => v.Finding != SqlClient)],
            Suppressed = [.. denied.Suppressed, new SuppressedFinding(SqlClient, "Fix rolls out with the 2.1.7 upgrade in sprint 14", new DateOnly(2026, 4, 1), "policy suppressions[1]")],
        };
    }

    /// <summary>No verdict: the store is older than the policy's maxAge.</summary>
    public static PolicyResult Stale() => Denied() with
    {
        Decision = Decision.DataStale,
        StaleReason = "advisory data was built 2026-03-01T06:00:00Z, older than the policy's maxAge of 12h",
        Violations =
        [
            new Violation
            {
                RuleId = RuleIds.DataFreshness,
                Action = RuleAction.Deny,
                Code = DiagnosticCode.AdvisoryDataStale,
                Message = "Advisory data is older than maxAge 12h (built 2026-03-01T06:00:00Z)",
            },
        ],
    };

    public static ReportContext Context(PolicyResult? result = null) => new()
    {
        Bom = Bom(),
        Result = result ?? Denied(),
        ProjectFile = "tests/Samples/SampleApp/SampleApp.csproj",
        PackageReferenceLines = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)
        {
            ["Microsoft.Data.SqlClient"] = 12,
            ["Newtonsoft.Json"] = 13,
        },
        SbomFile = "artifacts/publish/SampleApp/SampleApp.cdx.json",
    };

    private static Violation Advisory(Finding finding, RuleAction action) => new()
    {
        RuleId = RuleIds.Advisories,
        Action = action,
        Code = ReportCode(finding.Severity.Level),
        Message = $"{finding.PackageName} {finding.InstalledVersion} has a known {finding.Severity.Level.ToString().ToLowerInvariant()} "
            + $"severity vulnerability, {finding.AdvisoryId}",
        ComponentRef = finding.ComponentRef,
        PackageName = finding.PackageName,
        PackageVersion = finding.InstalledVersion,
        Finding = finding,
    };

    private static string ReportCode(Severity level) => level switch
    {
        Severity.Critical => DiagnosticCode.AdvisoryCritical,
        Severity.High => DiagnosticCode.AdvisoryHigh,
        Severity.Medium => DiagnosticCode.AdvisoryMedium,
        Severity.Low => DiagnosticCode.AdvisoryLow,
        _ => DiagnosticCode.AdvisoryUnknown,
    };

    private static Finding JwtFinding(string purl, string name, string[] path) => new()
    {
        AdvisoryId = "GHSA-59j7-ghrg-fj52",
        Aliases = ["CVE-2024-21319"],
        ComponentRef = purl,
        PackageName = name,
        InstalledVersion = "6.8.0",
        Purl = purl,
        Ecosystem = Ecosystems.NuGet,
        AffectedRange = ">= 6.5.0, < 6.34.0",
        FixedVersion = "6.34.0",
        Severity = new AdvisorySeverity(Severity.Medium, SeverityOrigin.CvssV3, 6.8, "CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:C/C:N/I:N/A:H"),
        Summary = "Microsoft Security Advisory CVE-2024-21319: .NET Denial of Service Vulnerability",
        References = ["https://github.com/advisories/GHSA-59j7-ghrg-fj52"],
        Sources = [AdvisorySources.Osv],
        Path = path,
    };

    private static Component Library(string purl, string name, string version) => new()
    {
        Type = ComponentTypes.Library,
        BomRef = purl,
        Name = name,
        Version = version,
        Purl = purl,
    };
}
