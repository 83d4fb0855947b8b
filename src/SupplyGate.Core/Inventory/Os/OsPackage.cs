using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Inventory.Os;

/// <summary>
/// An installed OS package: the binary package, and the source package advisories are written against
/// (Debian's tracker, OSV Debian/Alpine records: docs/architecture.md decision 5).
/// </summary>
public sealed record OsPackage(
    string Name,
    string Version,
    string? Architecture,
    string SourceName,
    string SourceVersion)
{
    /// <summary>rpm only: the epoch, written as the purl <c>epoch</c> qualifier (rpm purls keep it out of the version).</summary>
    public string? Epoch { get; init; }

    /// <summary>
    /// The SBOM component: purl <c>pkg:&lt;type&gt;/&lt;vendor&gt;/name@version?arch=…&amp;distro=…</c> (docs/architecture.md spec 2),
    /// with the source package in properties when it differs from the binary.
    /// </summary>
    public Component ToComponent(string purlType, string vendor, string? distro)
    {
        var qualifiers = new List<KeyValuePair<string, string>>();
        if (!string.IsNullOrEmpty(Architecture))
        {
            qualifiers.Add(new("arch", Architecture));
        }

        if (!string.IsNullOrEmpty(distro))
        {
            qualifiers.Add(new("distro", distro));
        }

        if (!string.IsNullOrEmpty(Epoch))
        {
            qualifiers.Add(new("epoch", Epoch));
        }

        string purl = new PackageUrl(purlType, vendor, Name, Version, qualifiers).ToString();
        var properties = new List<Property> { new(PropertyNames.OsSourceName, SourceName) };
        if (!string.Equals(SourceVersion, Version, StringComparison.Ordinal))
        {
            properties.Add(new Property(PropertyNames.OsSourceVersion, SourceVersion));
        }

        return new Component
        {
            Type = ComponentTypes.Library,
            Name = Name,
            Version = Version,
            BomRef = purl,
            Purl = purl,
            Properties = properties,
        };
    }
}
