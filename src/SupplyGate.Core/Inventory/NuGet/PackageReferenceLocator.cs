using System.Xml;
using System.Xml.Linq;

namespace SupplyGate.Core.Inventory.NuGet;

/// <summary>
/// Finds the line of each <c>&lt;PackageReference Include="…"&gt;</c> in a project file, so reports (SARIF,
/// MSBuild diagnostics) can point at the line a developer edits to fix a finding.
/// </summary>
public static class PackageReferenceLocator
{
    /// <summary>Package id (case-insensitive) → 1-based line; empty when the file cannot be read.</summary>
    public static IReadOnlyDictionary<string, int> Read(string projectFile)
    {
        var lines = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        try
        {
            XDocument document = XDocument.Load(projectFile, LoadOptions.SetLineInfo);
            foreach (XElement element in document.Descendants().Where(e => e.Name.LocalName is "PackageReference" or "PackageVersion"))
            {
                string? id = (string?)element.Attribute("Include") ?? (string?)element.Attribute("Update");
                if (id is not null && element is IXmlLineInfo info && info.HasLineInfo())
                {
                    lines.TryAdd(id, info.LineNumber);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or XmlException)
        {
            // Locations are a convenience: a project file we cannot read just means reports point at the SBOM.
        }

        return lines;
    }
}
