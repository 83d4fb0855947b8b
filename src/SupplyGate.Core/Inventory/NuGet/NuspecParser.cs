using System.Xml;
using System.Xml.Linq;
using SupplyGate.Core.Inventory.Licenses;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Inventory.NuGet;

/// <summary>
/// Reads the license and <c>developmentDependency</c> facts from a .nuspec
/// (https://learn.microsoft.com/nuget/reference/nuspec#license). Pure: the caller supplies the stream.
/// </summary>
internal static class NuspecParser
{
    /// <summary>NuGet writes this licenseUrl next to a license element for old clients; it says nothing.</summary>
    public const string DeprecatedLicenseUrl = "https://aka.ms/deprecateLicenseUrl";

    /// <exception cref="XmlException">Not well-formed XML, a DTD, or no <c>package/metadata</c> element.</exception>
    public static NuspecInfo Parse(Stream stream)
    {
        // No DTDs and no resolver: package contents are untrusted input.
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        using var reader = XmlReader.Create(stream, settings);
        XDocument doc = XDocument.Load(reader);
        XElement metadata = doc.Root is { Name.LocalName: "package" } root
            ? root.Elements().FirstOrDefault(e => e.Name.LocalName == "metadata")
                ?? throw new XmlException("The .nuspec has no <metadata> element.")
            : throw new XmlException("The root element is not <package>.");

        // The nuspec namespace changes with the schema version, so match on local names only.
        string? Child(string name) => metadata.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value.Trim();

        XElement? license = metadata.Elements().FirstOrDefault(e => e.Name.LocalName == "license");
        string? licenseUrl = Child("licenseUrl");
        bool developmentDependency = string.Equals(Child("developmentDependency"), "true", StringComparison.OrdinalIgnoreCase);
        string? url = string.IsNullOrEmpty(licenseUrl)
            || string.Equals(licenseUrl, DeprecatedLicenseUrl, StringComparison.OrdinalIgnoreCase)
            ? null
            : licenseUrl;
        string? type = license?.Attribute("type")?.Value.Trim();
        string? value = license?.Value.Trim();
        bool isFile = !string.IsNullOrEmpty(value) && string.Equals(type, "file", StringComparison.OrdinalIgnoreCase);
        IReadOnlyList<LicenseChoice> licenses = Licenses(type, value, url, out IReadOnlyList<Property> properties);
        return new NuspecInfo(licenses, developmentDependency)
        {
            LicenseFile = isFile ? value : null,
            LicenseUrl = url,
            LicenseProperties = properties,
        };
    }

    private static List<LicenseChoice> Licenses(string? type, string? value, string? url, out IReadOnlyList<Property> properties)
    {
        properties = [];

        if (!string.IsNullOrEmpty(value) && string.Equals(type, "expression", StringComparison.OrdinalIgnoreCase))
        {
            // CycloneDX forbids mixing an expression with other licenses, so the URL is dropped here.
            return [new LicenseExpression(value)];
        }

        if (!string.IsNullOrEmpty(value) && string.Equals(type, "file", StringComparison.OrdinalIgnoreCase))
        {
            // What stands when the file cannot be read; PackagesFolderNuspecSource replaces it with the file's license.
            return [new License { Name = $"{value} (license file in package)", Url = url }];
        }

        if (url is not null && KnownLicenseUrls.Identify(url) is { } known)
        {
            properties = [new Property(PropertyNames.LicenseSource, LicenseSources.KnownUrl)];
            return KnownLicenseUrls.IsExpression(known)
                ? [new LicenseExpression(known) { Acknowledgement = "concluded" }]
                : [new License { Id = known, Url = url, Acknowledgement = "concluded" }];
        }

        return url is null ? [] : [new License { Name = "see URL", Url = url }];
    }
}
