using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.IO;

namespace SupplyGate.Cli.Inputs;

/// <summary>Checks on the paths a command is given, before anything is opened or written.</summary>
internal static class InputPaths
{
    /// <summary>
    /// An input that may be a file or a directory: a FIFO, a device or a link loop is refused (SG2010) here, so
    /// no later probe (File.Exists, a StreamReader) blocks on it or reads it forever. A missing path is left to
    /// the command, which knows what it expected.
    /// </summary>
    public static void EnsureFileOrDirectory(string input)
    {
        if (input.Length == 0)
        {
            throw new InvalidInputException(DiagnosticCode.InputNotFound, "The input path is empty.");
        }

        PathKind kind = InputFile.Probe(input);
        if (kind is not (PathKind.RegularFile or PathKind.Directory or PathKind.Missing))
        {
            throw InputFile.NotRegular(input, kind);
        }
    }

    /// <summary>
    /// Refuses an output path that is empty or that is one of the inputs (compared as real paths: symbolic links
    /// and relative spellings resolved), so writing the output can never replace an input (SG2012).
    /// </summary>
    public static void EnsureOutputDistinct(string? output, params IEnumerable<string?> inputs)
    {
        if (output is null || output == "-")
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(output))
        {
            throw new InvalidInputException(DiagnosticCode.OutputPathInvalid, "The output path (-o/--output) is empty; name a file, or '-' for standard output where the command allows it.");
        }

        string target = RealPath(output);
        foreach (string? input in inputs)
        {
            if (string.IsNullOrEmpty(input) || !File.Exists(input))
            {
                continue;
            }

            if (string.Equals(RealPath(input), target, OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
            {
                throw new InvalidInputException(DiagnosticCode.OutputPathInvalid, $"{output}: the output would overwrite the input '{input}'; write it to another file.", output);
            }
        }
    }

    /// <summary>The absolute path with every symbolic link resolved (the file itself and its directories).</summary>
    internal static string RealPath(string path)
    {
        string full = Path.GetFullPath(path);
        try
        {
            if (File.ResolveLinkTarget(full, returnFinalTarget: true) is { } target)
            {
                full = target.FullName;
            }
        }
        catch (IOException)
        {
            // A link loop: compare the spelling; reading it fails later with SG2010.
        }

        string? directory = Path.GetDirectoryName(full);
        return directory is null ? full : Path.Combine(RealDirectory(directory), Path.GetFileName(full));
    }

    private static string RealDirectory(string directory)
    {
        string? parent = Path.GetDirectoryName(directory);
        string resolved = parent is null ? directory : Path.Combine(RealDirectory(parent), Path.GetFileName(directory));
        try
        {
            return Directory.ResolveLinkTarget(resolved, returnFinalTarget: true) is { } target ? RealDirectory(target.FullName) : resolved;
        }
        catch (IOException)
        {
            return resolved;
        }
    }
}
