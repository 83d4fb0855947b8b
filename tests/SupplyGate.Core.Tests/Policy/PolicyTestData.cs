using System.Text;
using SupplyGate.Core.Advisories;
using SupplyGate.Core.Kernel;
using SupplyGate.Core.Policy;
using SupplyGate.Core.Policy.Vex;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Tests.Policy;

/// <summary>
/// Hand-built inputs shaped like the sample app's (tests/Samples/SampleApp): the matcher is tested elsewhere,
/// so findings here are written out the way it produces them.
/// </summary>
internal static class PolicyTestData
{
    public const string Now = "2026-07-01T12:00:00Z";
    public const string Serial = "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79";

    public static readonly Component App = new()
    {
        Type = ComponentTypes.Application,
        Name = "SampleApp",
        Version = "1.0.0",
        BomRef = "pkg:nuget/SampleApp@1.0.0",
        Purl = "pkg:nuget/SampleApp@1.0.0",
    };

    public static Component Package(string name, string version, string? scope = null, string? license = "MIT", string? excludedReason = null) => new()
    {
        Type = ComponentTypes.Library,
        Name = name,
        Version = version,
        BomRef = $"pkg:nuget/{name}@{version}",
        Purl = $"pkg:nuget/{name}@{version}",
        Scope = scope,
        Licenses = license is null ? [] : [new LicenseExpression(license)],
        Properties = excludedReason is null ? [] : [new Property(PropertyNames.ExcludedReason, excludedReason)],
    };

    public static Bom Bom(params Component[] components) => new()
    {
        SerialNumber = Serial,
        Metadata = new BomMetadata { Component = App },
        Components = components,
    };

    public static Finding SqlClient() => new()
    {
        AdvisoryId = "GHSA-98g6-xh36-x2p7",
        Aliases = ["CVE-2024-0056"],
        ComponentRef = "pkg:nuget/Microsoft.Data.SqlClient@2.1.4",
        PackageName = "Microsoft.Data.SqlClient",
        InstalledVersion = "2.1.4",
        Purl = "pkg:nuget/Microsoft.Data.SqlClient@2.1.4",
        Ecosystem = "NuGet",
        AffectedRange = "< 2.1.7",
        FixedVersion = "2.1.7",
        Severity = new AdvisorySeverity(Severity.High, SeverityOrigin.CvssV3, 8.7, "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:C/C:H/I:H/A:N"),
        Path = ["SampleApp", "Microsoft.Data.SqlClient"],
    };

    public static Finding IdentityClient() => new()
    {
        AdvisoryId = "GHSA-x674-v45j-fwxw",
        Aliases = ["CVE-2024-35255"],
        ComponentRef = "pkg:nuget/Microsoft.Identity.Client@4.21.1",
        PackageName = "Microsoft.Identity.Client",
        InstalledVersion = "4.21.1",
        Purl = "pkg:nuget/Microsoft.Identity.Client@4.21.1",
        Ecosystem = "NuGet",
        AffectedRange = "< 4.60.4",
        FixedVersion = "4.61.3",
        Severity = new AdvisorySeverity(Severity.Medium, SeverityOrigin.CvssV3, 5.5),
        Path = ["SampleApp", "Microsoft.Data.SqlClient", "Microsoft.Identity.Client"],
    };

    public static Finding NewtonsoftJson() => new()
    {
        AdvisoryId = "GHSA-5crp-9r3c-p9vr",
        Aliases = ["CVE-2024-21907"],
        ComponentRef = "pkg:nuget/Newtonsoft.Json@12.0.1",
        PackageName = "Newtonsoft.Json",
        InstalledVersion = "12.0.1",
        Purl = "pkg:nuget/Newtonsoft.Json@12.0.1",
        Ecosystem = "NuGet",
        AffectedRange = "< 13.0.1",
        FixedVersion = "13.0.1",
        Severity = new AdvisorySeverity(Severity.Low, SeverityOrigin.DatabaseLabel),
        Path = ["SampleApp", "Newtonsoft.Json"],
    };

    /// <summary>System.Text.Json 8.0.0 on net10.0: resolved but the framework's copy ships (docs/architecture.md decision 1).</summary>
    public static Finding SystemTextJsonExcluded() => new()
    {
        AdvisoryId = "GHSA-hh2w-p6rv-4g7w",
        Aliases = ["CVE-2024-43485"],
        ComponentRef = "pkg:nuget/System.Text.Json@8.0.0",
        PackageName = "System.Text.Json",
        InstalledVersion = "8.0.0",
        Purl = "pkg:nuget/System.Text.Json@8.0.0",
        Ecosystem = "NuGet",
        AffectedRange = ">= 8.0.0, < 8.0.5",
        FixedVersion = "8.0.5",
        Severity = new AdvisorySeverity(Severity.High, SeverityOrigin.CvssV3, 7.5),
        Path = ["SampleApp", "System.Text.Json"],
        Scope = ComponentScopes.Excluded,
        ExcludedReason = ExcludedReasons.FrameworkProvided,
    };

    public static Bom SampleBom() => Bom(
        Package("Microsoft.Data.SqlClient", "2.1.4"),
        Package("Microsoft.Identity.Client", "4.21.1"),
        Package("Newtonsoft.Json", "12.0.1"),
        Package("System.Text.Json", "8.0.0", ComponentScopes.Excluded, excludedReason: ExcludedReasons.FrameworkProvided));

    public static StoreInfo Store(string builtAt = "2026-06-30T00:00:00Z", int advisories = 11) => new()
    {
        SchemaVersion = 1,
        BuiltAt = DateTimeOffset.Parse(builtAt, System.Globalization.CultureInfo.InvariantCulture),
        AdvisoryCount = advisories,
        Location = "test.db",
    };

    public static PolicyDocument ParsePolicy(string spec, string name = "test") =>
        PolicyDocument.Parse(Encoding.UTF8.GetBytes(Yaml(spec, name)), "policy.yaml");

    /// <summary>A full document around an indented-by-two <c>spec</c> body.</summary>
    public static string Yaml(string spec, string name = "test") =>
        $"apiVersion: supplygate.dev/v1alpha1\nkind: Policy\nmetadata:\n  name: {name}\nspec:\n{spec}";

    public static PolicyInput Input(
        PolicyDocument policy,
        IReadOnlyList<Finding>? findings = null,
        Bom? bom = null,
        StoreInfo? store = null,
        IReadOnlyList<VexDocument>? vex = null,
        string now = Now,
        Func<string, RuntimeChannel?>? channels = null) => new()
        {
            Bom = bom ?? SampleBom(),
            Findings = findings ?? [SqlClient(), IdentityClient(), NewtonsoftJson(), SystemTextJsonExcluded()],
            Policy = policy,
            Store = store ?? Store(),
            Vex = vex ?? [],
            Time = FakeTimeProvider.At(now),
            RuntimeChannels = channels,
        };

    public static PolicyResult Evaluate(PolicyInput input) => PolicyEvaluator.Evaluate(input);
}
