using System.Security.Cryptography;
using System.Text.Json.Serialization;

namespace SupplyGate.Build.Tasks;

/// <summary>One file of the publish directory as the gate saw it; small files also by SHA-256 (hex).</summary>
internal sealed record PublishedFile
{
    [JsonPropertyName("path")]
    public required string Path { get; init; }

    [JsonPropertyName("length")]
    public long Length { get; init; }

    [JsonPropertyName("lastWrite")]
    public long LastWriteTicks { get; init; }

    [JsonPropertyName("sha256")]
    public string? Sha256 { get; init; }
}

/// <summary>
/// The publish directory as the secret scan reads it, for the incremental gate: every file (hidden ones too: a
/// superset of what the scan reads) by relative path, length and last write. A publish rewrites some files with the
/// same bytes every time (the web SDK's web.config), so a small file (at most <see cref="HashedUpTo"/> bytes: the
/// configuration files where secrets live) is also kept by SHA-256 and counts as unchanged when its bytes are. SupplyGate's
/// own outputs there (the SBOM, the reports) are left out, as the scan leaves out what it finds in them.
/// </summary>
internal static class PublishedFiles
{
    public const long HashedUpTo = 64 * 1024;

    /// <summary>The files, sorted by path (ordinal); empty when there is no directory.</summary>
    public static IReadOnlyList<PublishedFile> List(string publishDirectory, string recordPath)
    {
        if (string.IsNullOrWhiteSpace(publishDirectory) || !Directory.Exists(publishDirectory))
        {
            return [];
        }

        var root = new DirectoryInfo(publishDirectory);
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false };
        var files = new List<PublishedFile>();
        foreach (FileInfo file in root.EnumerateFiles("*", options))
        {
            string relative = System.IO.Path.GetRelativePath(root.FullName, file.FullName);
            if ((IsOwnOutput(relative) && !IsDevelopmentSettings(file.Name)) || string.Equals(file.FullName, recordPath, StringComparison.Ordinal))
            {
                continue;
            }

            files.Add(new PublishedFile { Path = relative, Length = file.Length, LastWriteTicks = file.LastWriteTimeUtc.Ticks });
        }

        files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return files;
    }

    /// <summary><paramref name="files"/> with the hash of each small file whose stamp is still the listed one.</summary>
    public static IReadOnlyList<PublishedFile> WithHashes(string publishDirectory, IReadOnlyList<PublishedFile> files) =>
        [.. files.Select(f => f.Length <= HashedUpTo && Hash(publishDirectory, f) is { } hash ? f with { Sha256 = hash } : f)];

    /// <summary>Null when <paramref name="current"/> is what <paramref name="recorded"/> describes, else the first difference.</summary>
    public static string? Difference(string publishDirectory, IReadOnlyList<PublishedFile> recorded, IReadOnlyList<PublishedFile> current)
    {
        if (recorded.Count != current.Count)
        {
            return $"{publishDirectory}: {current.Count} files, {recorded.Count} before";
        }

        for (int i = 0; i < recorded.Count; i++)
        {
            PublishedFile was = recorded[i];
            PublishedFile now = current[i];
            bool same = string.Equals(was.Path, now.Path, StringComparison.Ordinal)
                && was.Length == now.Length
                && (was.LastWriteTicks == now.LastWriteTicks
                    || (was.Sha256 is { } hash && string.Equals(Hash(publishDirectory, now), hash, StringComparison.Ordinal)));
            if (!same)
            {
                return System.IO.Path.Combine(publishDirectory, now.Path) + " changed";
            }
        }

        return null;
    }

    /// <summary>The file's SHA-256 while it still has the listed length and last write; null when it does not or cannot be read.</summary>
    private static string? Hash(string publishDirectory, PublishedFile file)
    {
        string path = System.IO.Path.Combine(publishDirectory, file.Path);
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists || info.Length != file.Length || info.LastWriteTimeUtc.Ticks != file.LastWriteTicks)
            {
                return null;
            }

            return Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>appsettings*.Development.json at any name is reported by the gate even where the scan skips a file.</summary>
    private static bool IsDevelopmentSettings(string name) =>
        name.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase) && name.EndsWith(".Development.json", StringComparison.OrdinalIgnoreCase);

    private static bool IsOwnOutput(string path) =>
        path.EndsWith(".cdx.json", StringComparison.OrdinalIgnoreCase)
        || path.Contains(".supplygate.", StringComparison.OrdinalIgnoreCase);
}
