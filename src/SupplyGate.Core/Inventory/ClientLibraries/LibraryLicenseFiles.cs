using SupplyGate.Core.Inventory.Licenses;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Inventory.ClientLibraries;

/// <summary>
/// A vendored library's license file, concluded the way a NuGet package's license file is
/// (<see cref="LicenseFileConclusion"/>): an SPDX text is that id, anything else a <c>LicenseRef-</c> with its text.
/// </summary>
/// <param name="Path">The license file's path in the output (app-relative, forward slashes).</param>
/// <param name="Conclusion">The license entries and the evidence properties (file, SHA-256, how it was concluded).</param>
/// <param name="SpdxId">The SPDX id the text is, or null when it is no known license text.</param>
public sealed record ClientLibraryLicenseFile(string Path, LicenseConclusion Conclusion, string? SpdxId);

/// <summary>
/// Finds the license file of a vendored library: a <c>LICENSE</c>, <c>LICENSE.txt</c> or <c>LICENSE.md</c> (any
/// case, also spelt <c>LICENCE</c>) in the folder of one of its files or in a folder above it, up to the library's
/// root: <c>…/lib/&lt;name&gt;/</c> as LibMan and the MVC template lay libraries out, or the folder of the manifest
/// that named it. Never above that root (the application's own license sits there), and only when every
/// recognised file under that folder is of this library, so one LICENSE beside two libraries names neither.
/// Only files the output lists are read (a publish output's listing skips links), and at most
/// <see cref="LicenseFileConclusion.MaxTextBytes"/> of them: a larger file cannot be matched to a text.
/// </summary>
internal static class LibraryLicenseFiles
{
    private static readonly string[] Names = ["LICENSE", "LICENSE.txt", "LICENSE.md", "LICENCE", "LICENCE.txt", "LICENCE.md"];

    public static bool IsLicenseFile(string path)
    {
        string name = path[(path.LastIndexOf('/') + 1)..];
        return Names.Any(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
    }

    /// <param name="licenseFiles">The license files of the output by folder (app-relative, ending in <c>/</c>).</param>
    /// <param name="owners">Every recognised file's path → its library key (name@version).</param>
    /// <param name="npmName">This library's npm name (names its <c>LicenseRef-</c>).</param>
    /// <param name="key">This library's key.</param>
    /// <param name="files">This library's files, with the root the manifest that named each gives (or null).</param>
    public static ClientLibraryLicenseFile? Find(
        IReadOnlyDictionary<string, List<StaticFile>> licenseFiles,
        IReadOnlyDictionary<string, string> owners,
        string npmName,
        string key,
        IEnumerable<(string Path, string? ManifestDirectory)> files)
    {
        foreach ((string path, string? manifestDirectory) in files.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            foreach (string directory in Candidates(path, manifestDirectory))
            {
                if (!licenseFiles.TryGetValue(directory, out List<StaticFile>? here)
                    || owners.Any(o => o.Key.StartsWith(directory, StringComparison.Ordinal) && !string.Equals(o.Value, key, StringComparison.Ordinal)))
                {
                    continue;
                }

                StaticFile? chosen = here
                    .Where(f => f.Open is not null && f.Length <= LicenseFileConclusion.MaxTextBytes)
                    .OrderBy(f => Array.FindIndex(Names, n => f.Path.EndsWith("/" + n, StringComparison.OrdinalIgnoreCase) || string.Equals(f.Path, n, StringComparison.OrdinalIgnoreCase)))
                    .ThenBy(f => f.Path, StringComparer.Ordinal)
                    .FirstOrDefault();
                if (chosen is not null)
                {
                    return Conclude(npmName, chosen);
                }
            }
        }

        return null;
    }

    private static ClientLibraryLicenseFile Conclude(string npmName, StaticFile file)
    {
        string name = file.Path[(file.Path.LastIndexOf('/') + 1)..];
        LicenseFileContent content;
        using (Stream stream = file.Open!())
        {
            content = LicenseFileReader.Read(stream, name);
        }

        // The LicenseRef is named after the library and the file's name; the property says where it ships.
        LicenseConclusion conclusion = LicenseFileConclusion.Conclude(npmName, content, licenseUrl: null);
        List<Property> properties = [.. conclusion.Properties.Select(p => p.Name == PropertyNames.LicenseFile ? p with { Value = file.Path } : p)];
        string? spdx = conclusion.Licenses is [License { Id: { } id }] ? id : null;
        return new ClientLibraryLicenseFile(file.Path, conclusion with { Properties = properties }, spdx);
    }

    /// <summary>The file's folder, then each folder above it up to the library's root; only the file's folder when there is no root.</summary>
    private static IEnumerable<string> Candidates(string path, string? manifestDirectory)
    {
        string directory = LibraryManifests.DirectoryOf(path);
        string? root = manifestDirectory is { Length: > 0 } m && directory.StartsWith(m, StringComparison.Ordinal) ? m : LibRoot(directory);
        yield return directory;
        if (root is null)
        {
            yield break;
        }

        while (directory.Length > root.Length)
        {
            directory = LibraryManifests.DirectoryOf(directory[..^1]);
            yield return directory;
        }
    }

    /// <summary><c>wwwroot/lib/jquery/dist/</c> → <c>wwwroot/lib/jquery/</c> (the first <c>lib/</c> segment); null without one.</summary>
    private static string? LibRoot(string directory)
    {
        int lib = directory.StartsWith("lib/", StringComparison.Ordinal) ? 0
            : directory.IndexOf("/lib/", StringComparison.Ordinal) is var at and >= 0 ? at + 1
            : -1;
        int start = lib + "lib/".Length;
        int end = lib < 0 ? -1 : directory.IndexOf('/', start);
        return end > start ? directory[..(end + 1)] : null;
    }
}
