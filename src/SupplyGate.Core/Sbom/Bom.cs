using System.Text.Json;

namespace SupplyGate.Core.Sbom;

/// <summary>
/// A CycloneDX 1.6 bill of materials.
/// Spec: https://github.com/CycloneDX/specification/blob/e02a34ae/schema/bom-1.6.schema.json
/// </summary>
/// <remarks>
/// Only the parts SupplyGate reasons about are typed. Everything else a reader meets is kept in
/// <see cref="Unknown"/> (raw JSON, keyed by property name) so reading and writing a BOM never loses data.
/// </remarks>
public sealed record Bom
{
    public const string CurrentSpecVersion = "1.6";
    public const string SchemaUri = "http://cyclonedx.org/schema/bom-1.6.schema.json";

    /// <summary>The <c>$schema</c> member; null = not written.</summary>
    public string? Schema { get; init; } = SchemaUri;

    public string SpecVersion { get; init; } = CurrentSpecVersion;

    /// <summary><c>urn:uuid:</c> + lowercase UUID; see SerialNumbers.</summary>
    public string? SerialNumber { get; init; }

    public int Version { get; init; } = 1;

    public BomMetadata? Metadata { get; init; }

    public IReadOnlyList<Component> Components { get; init; } = [];

    public IReadOnlyList<Dependency> Dependencies { get; init; } = [];

    public IReadOnlyList<Property> Properties { get; init; } = [];

    /// <summary>Top-level members not modelled here (services, vulnerabilities, compositions …).</summary>
    public IReadOnlyDictionary<string, JsonElement> Unknown { get; init; } = EmptyUnknown.Instance;
}

/// <summary>The <c>metadata</c> object.</summary>
public sealed record BomMetadata
{
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>Tools in the current object form (<c>tools.components</c>).</summary>
    public IReadOnlyList<Component> Tools { get; init; } = [];

    /// <summary>The subject of the BOM: the application, or the container image.</summary>
    public Component? Component { get; init; }

    public IReadOnlyList<Property> Properties { get; init; } = [];

    /// <summary>
    /// Members not modelled here. A legacy array-form <c>tools</c>, or <c>tools.services</c>, is kept here
    /// under the key <c>tools</c> (raw) when it cannot be represented by <see cref="Tools"/>.
    /// </summary>
    public IReadOnlyDictionary<string, JsonElement> Unknown { get; init; } = EmptyUnknown.Instance;
}

/// <summary>A CycloneDX component.</summary>
public sealed record Component
{
    public required string Type { get; init; }

    public required string Name { get; init; }

    public string? BomRef { get; init; }

    public string? Group { get; init; }

    public string? Version { get; init; }

    public string? Description { get; init; }

    /// <summary><c>required</c>, <c>optional</c> or <c>excluded</c>; null = not written (schema default required).</summary>
    public string? Scope { get; init; }

    public string? Purl { get; init; }

    public IReadOnlyList<Hash> Hashes { get; init; } = [];

    public IReadOnlyList<LicenseChoice> Licenses { get; init; } = [];

    public IReadOnlyList<Property> Properties { get; init; } = [];

    public IReadOnlyList<Component> Components { get; init; } = [];

    public IReadOnlyDictionary<string, JsonElement> Unknown { get; init; } = EmptyUnknown.Instance;

    /// <summary>The value of the first property with this name, or null.</summary>
    public string? GetProperty(string name)
    {
        foreach (Property p in Properties)
        {
            if (string.Equals(p.Name, name, StringComparison.Ordinal))
            {
                return p.Value;
            }
        }

        return null;
    }
}

/// <summary>Component types from the 1.6 schema enum.</summary>
public static class ComponentTypes
{
    public const string Application = "application";
    public const string Framework = "framework";
    public const string Library = "library";
    public const string Container = "container";
    public const string Platform = "platform";
    public const string OperatingSystem = "operating-system";
    public const string File = "file";
}

/// <summary>Component scopes from the 1.6 schema enum.</summary>
public static class ComponentScopes
{
    public const string Required = "required";
    public const string Optional = "optional";
    public const string Excluded = "excluded";
}

/// <summary>A <c>hashes[]</c> entry; <paramref name="Content"/> is lowercase hex.</summary>
public sealed record Hash(string Alg, string Content)
{
    public const string Sha256 = "SHA-256";
    public const string Sha512 = "SHA-512";
}

/// <summary>One element of a <c>licenses</c> array: either an SPDX expression or a single license.</summary>
public abstract record LicenseChoice;

/// <summary><c>{"expression": "..."}</c>. Written alone: the schema forbids mixing it with licenses.</summary>
internal sealed record LicenseExpression(string Expression) : LicenseChoice
{
    public string? Acknowledgement { get; init; }

    public IReadOnlyDictionary<string, JsonElement> Unknown { get; init; } = EmptyUnknown.Instance;
}

/// <summary><c>{"license": {"id"|"name", "url"?}}</c>: exactly one of Id and Name is set.</summary>
public sealed record License : LicenseChoice
{
    public string? Id { get; init; }

    public string? Name { get; init; }

    public string? Url { get; init; }

    public string? Acknowledgement { get; init; }

    /// <summary>The license text (CycloneDX <c>attachment</c>), e.g. a package's license file that matches no SPDX text.</summary>
    public AttachedText? Text { get; init; }

    /// <summary>Other members of the inner <c>license</c> object (licensing, bom-ref, properties …).</summary>
    public IReadOnlyDictionary<string, JsonElement> Unknown { get; init; } = EmptyUnknown.Instance;
}

/// <summary>CycloneDX <c>attachment</c>: <c>content</c>, with <c>contentType</c> and <c>encoding</c> ("base64") when given.</summary>
public sealed record AttachedText(string Content, string? ContentType = null, string? Encoding = null);

/// <summary>A <c>dependencies[]</c> entry.</summary>
public sealed record Dependency(string Ref, IReadOnlyList<string> DependsOn)
{
    /// <summary>Other members (<c>provides</c>).</summary>
    public IReadOnlyDictionary<string, JsonElement> Unknown { get; init; } = EmptyUnknown.Instance;
}

/// <summary>A name/value property. SupplyGate's own names start with <c>supplygate:</c>.</summary>
public sealed record Property(string Name, string? Value);

/// <summary>A shared empty dictionary for the <c>Unknown</c> members.</summary>
internal static class EmptyUnknown
{
    public static readonly IReadOnlyDictionary<string, JsonElement> Instance =
        new Dictionary<string, JsonElement>(0, StringComparer.Ordinal);
}
