using System.Security.Cryptography;
using SupplyGate.Core.IO;

namespace SupplyGate.Core.Inventory.Licenses;

/// <summary>
/// Reads a license file from an extracted package folder. The path comes from the package's nuspec, which is
/// untrusted: it must stay inside the package folder and name a regular file. The text is read up to
/// <see cref="LicenseFileConclusion.MaxTextBytes"/>; a larger file is only hashed (streamed).
/// </summary>
internal static class LicenseFileReader
{
    /// <summary>The file's content, or null with <paramref name="problem"/> saying why (for SG1054).</summary>
    public static LicenseFileContent? Read(string packageDirectory, string relativePath, out string? problem)
    {
        string root = Path.GetFullPath(packageDirectory);
        string full = Path.GetFullPath(Path.Combine(root, relativePath));
        if (relativePath.Length == 0 || !full.StartsWith(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            problem = "that path is outside the package";
            return null;
        }

        full = FindIgnoringCase(root, full) ?? full;
        PathKind kind = InputFile.Probe(full);
        if (kind != PathKind.RegularFile)
        {
            problem = kind == PathKind.Missing ? "the file is not in the package folder" : $"it is not a regular file ({kind})";
            return null;
        }

        if (new FileInfo(full).LinkTarget is not null)
        {
            // NuGet never extracts links; one here could point anywhere, and its text would go into the SBOM.
            problem = "it is a symbolic link";
            return null;
        }

        try
        {
            using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 81920);
            problem = null;
            return Read(stream, relativePath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problem = $"it cannot be read ({ex.Message})";
            return null;
        }
    }

    /// <summary>
    /// Reads a license file from a stream the caller opened (a file of a publish output or of an image layer):
    /// the text up to <see cref="LicenseFileConclusion.MaxTextBytes"/>, the SHA-256 of the whole stream, which is
    /// read once and never seeked (a larger file is streamed through the hash and not kept).
    /// </summary>
    public static LicenseFileContent Read(Stream stream, string path)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var kept = new MemoryStream();
        byte[] chunk = new byte[81920];
        long length = 0;
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            hash.AppendData(chunk, 0, read);
            if (length + read <= LicenseFileConclusion.MaxTextBytes)
            {
                kept.Write(chunk, 0, read);
            }

            length += read;
        }

        byte[]? bytes = length <= LicenseFileConclusion.MaxTextBytes ? kept.ToArray() : null;
        return new LicenseFileContent(path, bytes, length, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    /// <summary>
    /// NuGet extracts package files with the case of the .nupkg's entries, while nuspec authors write
    /// "License.txt" for "LICENSE.txt": on a case-sensitive file system, look for the one file that differs in case.
    /// </summary>
    private static string? FindIgnoringCase(string root, string full)
    {
        if (File.Exists(full) || Path.GetDirectoryName(full) is not { } directory || !Directory.Exists(directory) || !directory.StartsWith(root, StringComparison.Ordinal))
        {
            return null;
        }

        string name = Path.GetFileName(full);
        string[] matches = Directory.GetFiles(directory).Where(f => string.Equals(Path.GetFileName(f), name, StringComparison.OrdinalIgnoreCase)).ToArray();
        return matches.Length == 1 ? matches[0] : null;
    }
}
