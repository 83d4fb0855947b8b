using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Tests.Sbom;

/// <summary>BOMs built in code for writer, finalizer and schema tests.</summary>
internal static class TestBoms
{
    public const string AppRef = "app";
    public const string JsonRef = "pkg:nuget/Newtonsoft.Json@13.0.3";
    public const string VersioningRef = "pkg:nuget/NuGet.Versioning@8.0.0+build.1";
    public const string AnalyzerRef = "pkg:nuget/Microsoft.CodeAnalysis.BannedApiAnalyzers@5.6.0";

    public static readonly string Sha512 = string.Concat(Enumerable.Repeat("0123456789abcdef", 8));

    public static Component Library(string purl, string name, string version) => new()
    {
        Type = ComponentTypes.Library,
        BomRef = purl,
        Name = name,
        Version = version,
        Purl = purl,
    };

    /// <summary>Everything SupplyGate writes for a typical app, in a deliberately unsorted order.</summary>
    public static Bom Rich() => new()
    {
        Metadata = new BomMetadata
        {
            Component = new Component { Type = ComponentTypes.Application, BomRef = AppRef, Name = "SampleApp", Version = "1.0.0" },
            Properties = [new Property(PropertyNames.TargetFramework, "net10.0"), new Property(PropertyNames.RuntimeIdentifier, "linux-x64")],
        },
        Components =
        [
            Library(VersioningRef, "NuGet.Versioning", "8.0.0+build.1") with
            {
                Licenses = [new LicenseExpression("Apache-2.0 AND (MIT OR GPL-2.0-only)")],
                Properties = [new Property(PropertyNames.DependencyKind, "transitive")],
            },
            Library(JsonRef, "Newtonsoft.Json", "13.0.3") with
            {
                Hashes = [new Hash(Hash.Sha512, Sha512)],
                Licenses = [new License { Name = "Newtonsoft license", Url = "https://www.newtonsoft.com/json/license" }],
                Properties = [new Property(PropertyNames.ShippedEvidence, "deps.json"), new Property(PropertyNames.DependencyKind, "direct")],
            },
            Library(AnalyzerRef, "Microsoft.CodeAnalysis.BannedApiAnalyzers", "5.6.0") with
            {
                Scope = ComponentScopes.Excluded,
                Licenses = [new License { Id = "MIT" }],
                Properties = [new Property(PropertyNames.ExcludedReason, ExcludedReasons.DevelopmentDependency)],
            },
        ],
        Dependencies =
        [
            new Dependency(JsonRef, []),
            new Dependency(AppRef, [VersioningRef, JsonRef, AnalyzerRef]),
            new Dependency(VersioningRef, [JsonRef]),
            new Dependency(AnalyzerRef, []),
        ],
        Properties = [new Property(PropertyNames.SelfContained, "false")],
    };

    /// <summary><paramref name="bom"/> with every list reversed: same content, different discovery order.</summary>
    public static Bom Shuffled(Bom bom) => bom with
    {
        Metadata = bom.Metadata! with { Properties = [.. bom.Metadata.Properties.Reverse()] },
        Components = [.. bom.Components.Reverse().Select(c => c with { Properties = [.. c.Properties.Reverse()] })],
        Dependencies = [.. bom.Dependencies.Reverse().Select(d => d with { DependsOn = [.. d.DependsOn.Reverse(), .. d.DependsOn] })],
        Properties = [.. bom.Properties.Reverse()],
    };
}
