using System.Security.Cryptography;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.IO;

/// <summary>
/// Creates a directory of files all at once (docs/architecture.md decision 10): the files are written into a hidden sibling
/// directory, which is renamed to the target only when every file is on disk. A failure leaves no target at all;
/// an existing non-empty target is refused rather than merged into.
/// </summary>
public static class AtomicDirectory
{
    public static void Create(string path, IEnumerable<(string Name, byte[] Content)> files, string code)
    {
        ArgumentNullException.ThrowIfNull(files);
        string target = Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar);
        if (File.Exists(target) || (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any()))
        {
            throw new InvalidInputException(code, $"{path}: exists and is not an empty directory; pass a new directory.", path);
        }

        string parent = Path.GetDirectoryName(target) ?? throw new InvalidInputException(code, $"{path}: not a directory path.", path);
        string staging = Path.Combine(parent, $".{Path.GetFileName(target)}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}.tmp");
        try
        {
            Directory.CreateDirectory(staging);
            foreach ((string name, byte[] content) in files)
            {
                if (name.Length == 0 || Path.GetFileName(name) != name || name is "." or "..")
                {
                    throw new InvalidInputException(code, $"'{name}' is not a plain file name; refusing to write outside {path}.", path);
                }

                using var stream = new FileStream(Path.Combine(staging, name), FileMode.CreateNew, FileAccess.Write, FileShare.None);
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            if (Directory.Exists(target))
            {
                Directory.Delete(target);
            }

            Directory.Move(staging, target);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(staging);
            throw new InvalidInputException(code, $"{path}: cannot write the directory: {ex.Message}", path, ex);
        }
        catch
        {
            TryDelete(staging);
            throw;
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: the original error is the one worth reporting.
        }
    }
}
