using System.Globalization;
using System.Text.Json;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Inventory.ClientLibraries;

/// <summary>
/// Client libraries as CycloneDX 1.6 components: <c>pkg:npm/&lt;name&gt;@&lt;version&gt;</c>, <c>scope: required</c>
/// (they are in what ships), <c>evidence.identity</c> (field purl, the techniques and their confidence) and
/// <c>evidence.occurrences</c> (every shipped file, with its SHA-256 when it was read). Spec:
/// https://cyclonedx.org/docs/1.6/json/#components_items_evidence
/// </summary>
public static class ClientLibraryComponents
{
    /// <summary>Property: how shipping was established for a client library.</summary>
    public const string ShippedEvidenceValue = "client-library";

    /// <summary>Property: the RetireJS library the component was recognised as.</summary>
    public const string CatalogNameProperty = "supplygate:client-library:retirejs-name";

    /// <summary>Property: where the license came from (<see cref="LicenseSources"/>).</summary>
    public const string LicenseSourceProperty = "supplygate:client-library:license-source";

    /// <summary>Property: the Razor class library whose static web assets (<c>_content/&lt;name&gt;/</c>) carry the files.</summary>
    public const string StaticWebAssetsProperty = "supplygate:client-library:static-web-assets-of";

    /// <summary>Property: one per shipped file (app-relative path), so reports and findings can name the files.</summary>
    public const string FileProperty = PropertyNames.ShippedFile;

    public static PackageUrl Purl(string npmName, string version)
    {
        int slash = npmName.StartsWith('@') ? npmName.IndexOf('/', StringComparison.Ordinal) : -1;
        return slash > 0
            ? new PackageUrl("npm", npmName[..slash], npmName[(slash + 1)..], version)
            : new PackageUrl("npm", null, npmName, version);
    }

    /// <param name="library">The library and its shipped files.</param>
    /// <param name="pathPrefix">Prepended to every file path (an image's app directory, e.g. <c>/app/</c>); empty for a publish directory.</param>
    public static Component ToComponent(ClientLibrary library, string pathPrefix = "")
    {
        ArgumentNullException.ThrowIfNull(library);
        PackageUrl purl = Purl(library.NpmName, library.Version);
        string purlText = purl.ToString();
        var properties = new List<Property> { new(PropertyNames.ShippedEvidence, ShippedEvidenceValue) };
        if (library.CatalogName is { } catalogName)
        {
            properties.Add(new(CatalogNameProperty, catalogName));
        }

        // The files that were read and recognised first: they are what a finding names when it lists only a few.
        properties.AddRange(library.Files
            .OrderBy(f => f.Sha256 is null ? 1 : 0)
            .ThenBy(f => f.Path, StringComparer.Ordinal)
            .Select(f => new Property(FileProperty, pathPrefix + f.Path)));
        if (library.LicenseSource is { } licenseSource)
        {
            properties.Add(new(LicenseSourceProperty, licenseSource));
        }

        // The same evidence a NuGet package's license file leaves: the file, its SHA-256, how it was concluded.
        properties.AddRange(library.LicenseFile?.Conclusion.Properties
            .Select(p => p.Name == PropertyNames.LicenseFile ? p with { Value = pathPrefix + p.Value } : p) ?? []);

        if (library.StaticWebAssetsOf is { } rcl)
        {
            properties.Add(new(StaticWebAssetsProperty, rcl));
        }

        string[] hashes = [.. library.Files.Select(f => f.Sha256).OfType<string>().Distinct(StringComparer.Ordinal)];
        return new Component
        {
            Type = ComponentTypes.Library,
            Group = purl.Namespace,
            Name = purl.Name,
            Version = library.Version,
            Purl = purlText,
            BomRef = purlText,
            Scope = ComponentScopes.Required,
            Hashes = hashes.Length == 1 ? [new Hash(Hash.Sha256, hashes[0])] : [],
            Licenses = library.LicenseFile is { } file ? file.Conclusion.Licenses
                : library.License is { } license ? [LicenseChoiceOf(license, library.LicenseSource)]
                : [],
            Properties = properties,
            Unknown = new Dictionary<string, JsonElement>(StringComparer.Ordinal) { ["evidence"] = Evidence(library, purlText, pathPrefix) },
        };
    }

    /// <summary>
    /// Adds the libraries to an application BOM: components, a dependency entry each, and an edge from the
    /// component that ships them (the Razor class library for <c>_content/&lt;rcl&gt;/</c> files when the BOM has
    /// it, else the application). A library already in the BOM (same bom-ref) is left as it is.
    /// </summary>
    public static Bom AddTo(Bom bom, IReadOnlyList<ClientLibrary> libraries)
    {
        ArgumentNullException.ThrowIfNull(bom);
        ArgumentNullException.ThrowIfNull(libraries);
        if (libraries.Count == 0 || bom.Metadata?.Component?.BomRef is not { } appRef)
        {
            return bom;
        }

        var existing = new HashSet<string>(bom.Components.Select(c => c.BomRef).OfType<string>(), StringComparer.Ordinal);
        var components = bom.Components.ToList();
        var edges = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (ClientLibrary library in libraries)
        {
            Component component = ToComponent(library);
            if (!existing.Add(component.BomRef!))
            {
                continue;
            }

            components.Add(component);
            string parent = library.StaticWebAssetsOf is { } rcl
                && bom.Components.FirstOrDefault(c => string.Equals(c.Name, rcl, StringComparison.OrdinalIgnoreCase) && c.BomRef is not null) is { } owner
                ? owner.BomRef!
                : appRef;
            (edges.TryGetValue(parent, out List<string>? list) ? list : edges[parent] = []).Add(component.BomRef!);
        }

        var dependencies = bom.Dependencies
            .Select(d => edges.TryGetValue(d.Ref, out List<string>? added)
                ? d with { DependsOn = [.. d.DependsOn.Concat(added).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)] }
                : d)
            .ToList();
        foreach ((string parent, List<string> added) in edges)
        {
            if (!dependencies.Any(d => string.Equals(d.Ref, parent, StringComparison.Ordinal)))
            {
                dependencies.Add(new Dependency(parent, [.. added.Order(StringComparer.Ordinal)]));
            }
        }

        dependencies.AddRange(components.Skip(bom.Components.Count).Select(c => new Dependency(c.BomRef!, [])));
        return bom with { Components = components, Dependencies = dependencies };
    }

    private static LicenseChoice LicenseChoiceOf(string license, string? source)
    {
        // A manifest or banner states the license (declared); the RetireJS entry is a conclusion about the library.
        string acknowledgement = source == LicenseSources.KnownLibrary ? "concluded" : "declared";
        return license.Contains(' ', StringComparison.Ordinal) || license.Contains('(', StringComparison.Ordinal)
            ? new LicenseExpression(license) { Acknowledgement = acknowledgement }
            : new License { Id = license, Acknowledgement = acknowledgement };
    }

    private static JsonElement Evidence(ClientLibrary library, string purl, string pathPrefix)
    {
        List<IdentificationMethod> methods = [.. library.Files
            .SelectMany(f => f.Methods)
            .GroupBy(m => m.Technique, StringComparer.Ordinal)
            .Select(g => g.OrderByDescending(m => m.Confidence).ThenBy(m => m.Value, StringComparer.Ordinal).First())
            .OrderByDescending(m => m.Confidence)
            .ThenBy(m => m.Technique, StringComparer.Ordinal)];
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartArray("identity");
            w.WriteStartObject();
            w.WriteString("field", "purl");
            w.WriteNumberValue(methods, "confidence");
            w.WriteString("concludedValue", purl);
            w.WriteStartArray("methods");
            foreach (IdentificationMethod method in methods)
            {
                w.WriteStartObject();
                w.WriteString("technique", method.Technique);
                w.WriteNumber("confidence", method.Confidence);
                w.WriteString("value", method.Value);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteStartArray("occurrences");
            foreach (ClientLibraryFile file in library.Files)
            {
                w.WriteStartObject();
                w.WriteString("location", pathPrefix + file.Path);
                if (file.Sha256 is { } sha256)
                {
                    w.WriteString("additionalContext", "sha256:" + sha256);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        using JsonDocument document = JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.Clone();
    }

    /// <summary>The overall confidence: that of the strongest method (independent methods never lower it).</summary>
    private static void WriteNumberValue(this Utf8JsonWriter w, List<IdentificationMethod> methods, string name) =>
        w.WriteNumber(name, methods.Count == 0 ? 0 : double.Parse(methods.Max(m => m.Confidence).ToString("0.##", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
}
