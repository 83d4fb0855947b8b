using System.Reflection;
using System.Text.Json;

namespace SupplyGate.Core.Sbom;

/// <summary>
/// Puts a BOM in canonical order and stamps what every written BOM carries: the SupplyGate tool, the
/// timestamp and a serial number (docs/architecture.md spec 0.9, §1 "Top level" and "metadata").
/// </summary>
public static class BomFinalizer
{
    /// <summary>The <c>metadata.tools</c> entry naming SupplyGate itself.</summary>
    internal static readonly Component Tool = new()
    {
        Type = ComponentTypes.Application,
        Group = "supplygate",
        Name = "SupplyGate",
        Version = ToolVersion(),
    };

    /// <summary>
    /// Sorts components (by bom-ref, purl, name, version; nested ones too), dependencies (by ref, with
    /// <c>dependsOn</c> de-duplicated and sorted), properties (name, value) and hashes (alg), all ordinal.
    /// </summary>
    public static Bom Normalize(Bom bom)
    {
        ArgumentNullException.ThrowIfNull(bom);
        BomMetadata? metadata = bom.Metadata is null ? null : bom.Metadata with
        {
            Component = bom.Metadata.Component is null ? null : BomOrdering.Component(bom.Metadata.Component),
            Properties = BomOrdering.Properties(bom.Metadata.Properties),
        };

        return bom with
        {
            Metadata = metadata,
            Components = BomOrdering.Components(bom.Components),
            Dependencies = BomOrdering.Dependencies(bom.Dependencies),
            Properties = BomOrdering.Properties(bom.Properties),
        };
    }

    /// <summary>
    /// Normalizes, names SupplyGate in <c>metadata.tools</c> when no tool is listed, sets
    /// <c>metadata.timestamp</c> and the serial number. With <see cref="BomFinalizeOptions.Reproducible"/>
    /// the serial is derived from the rest of the output, so equal inputs give byte-identical files.
    /// </summary>
    public static Bom Finalize(Bom bom, BomFinalizeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Bom normalized = Normalize(bom);
        BomMetadata metadata = normalized.Metadata ?? new BomMetadata();

        // A tools list another producer wrote in a shape the model keeps raw (legacy array, services) is
        // left alone rather than replaced: dropping it would lose data.
        bool hasTools = metadata.Tools.Count > 0 || metadata.Unknown.ContainsKey("tools");
        metadata = metadata with
        {
            Tools = hasTools ? metadata.Tools : [Tool],
            Timestamp = options.Timestamp?.ToUniversalTime(),

            // A raw timestamp kept from reading would otherwise be written when Timestamp is null.
            Unknown = Without(metadata.Unknown, "timestamp"),
        };

        Bom finalized = normalized with { Metadata = metadata, SerialNumber = null };
        string serial = options.Reproducible
            ? SerialNumbers.FromSha256(CycloneDxWriter.Sha256(finalized))
            : SerialNumbers.Random();
        return finalized with { SerialNumber = serial };
    }

    private static IReadOnlyDictionary<string, JsonElement> Without(
        IReadOnlyDictionary<string, JsonElement> members,
        string key) =>
        members.ContainsKey(key)
            ? members.Where(m => m.Key != key).ToDictionary(StringComparer.Ordinal)
            : members;

    // Build metadata ("+<commit>") is stripped: it changes with every commit and would make reproducible
    // output differ between two builds of the same release.
    private static string ToolVersion()
    {
        Assembly assembly = typeof(BomFinalizer).Assembly;
        string version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString()
            ?? "0.0.0";
        int plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }
}
