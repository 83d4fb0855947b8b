using System.Security.Cryptography;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.IO;

/// <summary>
/// Writes a file so readers see either the old content or the complete new content, never a
/// half-written file (docs/architecture.md decision 10): write a temporary file in the same directory, flush it
/// to disk, then rename it over the target.
/// </summary>
public static class AtomicFile
{
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> content)
    {
        string fullPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(fullPath)
            ?? throw new InvalidInputException(DiagnosticCode.OutputWriteFailed, $"{path}: not a file path.", path);
        string temporary = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{RandomSuffix()}.tmp");
        try
        {
            Directory.CreateDirectory(directory);
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, fullPath, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw new InvalidInputException(
                DiagnosticCode.OutputWriteFailed, $"{path}: cannot write the file: {ex.Message}", path, ex);
        }
    }

    private static string RandomSuffix() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: the original error is the one worth reporting.
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above.
        }
    }
}
