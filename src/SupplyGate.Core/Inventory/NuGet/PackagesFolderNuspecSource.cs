using System.Xml;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Inventory.Licenses;

namespace SupplyGate.Core.Inventory.NuGet;

/// <summary>
/// Reads .nuspec files from NuGet package folders (the global packages folder layout:
/// <c>&lt;folder&gt;/&lt;id lower&gt;/&lt;version lower&gt;/&lt;id lower&gt;.nuspec</c>). This is the file-system edge.
/// </summary>
public sealed class PackagesFolderNuspecSource : INuspecSource
{
    /// <inheritdoc />
    /// <exception cref="InvalidInputException">SG1005 when a nuspec exists but cannot be read or parsed.</exception>
    public NuspecInfo? Find(string packageId, string version, IReadOnlyList<string> packageFolders)
    {
        ArgumentNullException.ThrowIfNull(packageId);
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(packageFolders);

        string id = packageId.ToLowerInvariant();
        var versions = new List<string> { version.ToLowerInvariant() };
        if (global::NuGet.Versioning.NuGetVersion.TryParse(version, out var parsed))
        {
            // The folder name is the normalized version (1.0 → 1.0.0).
            versions.Add(parsed.ToNormalizedString().ToLowerInvariant());
        }

        foreach (string folder in packageFolders)
        {
            foreach (string v in versions.Distinct(StringComparer.Ordinal))
            {
                string path = Path.Combine(folder, id, v, id + ".nuspec");
                if (File.Exists(path))
                {
                    NuspecInfo info = Read(path);
                    return info.LicenseFile is null ? info : WithLicenseFile(info, packageId, version, Path.GetDirectoryName(path)!);
                }
            }
        }

        return null;
    }

    /// <summary>The license the package's license file concludes, or the nuspec's facts and an SG1054 warning.</summary>
    private static NuspecInfo WithLicenseFile(NuspecInfo info, string packageId, string version, string packageDirectory)
    {
        string relative = info.LicenseFile!.Replace('\\', '/').TrimStart('/');
        LicenseFileContent? content = LicenseFileReader.Read(packageDirectory, relative, out string? problem);
        if (content is null)
        {
            return info with
            {
                Warnings =
                [
                    new Diagnostics.Warning(
                        DiagnosticCode.LicenseFileUnreadable,
                        $"{packageId} {version}: the nuspec names the license file '{relative}', but {problem}; its license is unknown.",
                        Path.Combine(packageDirectory, relative)),
                ],
            };
        }

        LicenseConclusion conclusion = LicenseFileConclusion.Conclude(packageId, content, info.LicenseUrl);
        return info with { Licenses = conclusion.Licenses, LicenseProperties = conclusion.Properties };
    }

    private static NuspecInfo Read(string path)
    {
        try
        {
            // Read whole (a few KiB): a buffered file stream per package allocated 80 KiB for each.
            using var stream = new MemoryStream(IO.InputFile.ReadAllBytes(path, IO.InputKind.Project, DiagnosticCode.NuspecInvalid, DiagnosticCode.NuspecInvalid), writable: false);
            return NuspecParser.Parse(stream);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or XmlException)
        {
            throw new InvalidInputException(
                DiagnosticCode.NuspecInvalid, $"Cannot read the package manifest '{path}': {ex.Message}", path, ex);
        }
    }
}
