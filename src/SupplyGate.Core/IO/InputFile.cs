using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.IO;

/// <summary>
/// The one way SupplyGate reads a file a user named: it must be a regular file (a symbolic link to one is
/// followed; FIFOs, devices, directories and link loops are refused before anything is opened, since opening a
/// FIFO blocks and /dev/zero never ends), and at most the limit for its <see cref="InputKind"/> is read
/// (docs/limits.md). Every failure is an <see cref="InvalidInputException"/> naming the path.
/// </summary>
public static class InputFile
{
    /// <summary>Reads the whole file, refusing it when it is not a regular file or larger than its kind's limit.</summary>
    /// <param name="path">The path as the user gave it; errors name it so.</param>
    /// <param name="kind">Which limit applies.</param>
    /// <param name="invalidCode">The code for an unreadable file (the reader's own "invalid" code).</param>
    /// <param name="missingCode">The code for a missing file; SG2001 when not given.</param>
    /// <param name="missingMessage">The message for a missing file, when the reader has a better one.</param>
    public static byte[] ReadAllBytes(string path, InputKind kind, string invalidCode, string? missingCode = null, string? missingMessage = null)
    {
        // Unbuffered: the file is read in one call into an array of its size (a nuspec, an assets file), so a
        // stream buffer and a copy buffer would only be allocated, zeroed and copied through.
        using FileStream stream = OpenRead(path, kind, invalidCode, missingCode, missingMessage, bufferSize: 1);
        long limit = InputLimits.Current.For(kind);
        long length = stream.Length;
        if (length > limit)
        {
            throw TooLarge(path, kind, limit, length);
        }

        try
        {
            byte[] content = new byte[(int)Math.Min(length, Array.MaxLength)];
            int filled = stream.ReadAtLeast(content, content.Length, throwOnEndOfStream: false);
            if (filled < content.Length)
            {
                return content[..filled];
            }

            // The length can change while reading (a growing file): read to the end, never past the limit. The
            // end is confirmed with a one-byte probe: a copy buffer here, allocated and zeroed for every nuspec of a
            // project, was most of the garbage `sbom` made (docs/performance.md, "sbom beside its peers").
            Span<byte> probe = stackalloc byte[1];
            if (stream.Read(probe) == 0)
            {
                return content;
            }

            var buffer = new MemoryStream();
            buffer.Write(content);
            buffer.Write(probe);
            byte[] chunk = new byte[81920];
            int read = 0;
            do
            {
                if (buffer.Length + read > limit)
                {
                    throw TooLarge(path, kind, limit, null);
                }

                buffer.Write(chunk, 0, read);
            }
            while ((read = stream.Read(chunk, 0, chunk.Length)) > 0);
            return buffer.ToArray();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException(invalidCode, $"{path}: cannot read the file: {ex.Message}", path, ex);
        }
    }

    /// <summary>Reads the whole file as UTF-8 text (a byte order mark is dropped); same checks as <see cref="ReadAllBytes"/>.</summary>
    public static string ReadAllText(string path, InputKind kind, string invalidCode, string? missingCode = null, string? missingMessage = null)
    {
        byte[] bytes = ReadAllBytes(path, kind, invalidCode, missingCode, missingMessage);
        return new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetString(bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? bytes.AsSpan(3) : bytes);
    }

    /// <summary>
    /// Opens a regular file for streaming. The stream refuses to read past the kind's limit (SG2011), so callers
    /// that stream records keep their memory bounded without knowing the limit.
    /// </summary>
    public static FileStream OpenRead(string path, InputKind kind, string invalidCode, string? missingCode = null, string? missingMessage = null) =>
        OpenRead(path, kind, invalidCode, missingCode, missingMessage, bufferSize: 81920);

    /// <summary><see cref="OpenRead(string, InputKind, string, string?, string?)"/> with the stream's buffer size (1 = none).</summary>
    internal static FileStream OpenRead(string path, InputKind kind, string invalidCode, string? missingCode, string? missingMessage, int bufferSize)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        EnsureRegularFile(path, missingCode, missingMessage);
        try
        {
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize);
            long limit = InputLimits.Current.For(kind);
            if (stream.Length > limit)
            {
                long length = stream.Length;
                stream.Dispose();
                throw TooLarge(path, kind, limit, length);
            }

            return stream;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw Missing(path, missingCode, missingMessage, ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException(invalidCode, $"{path}: cannot read the file: {ex.Message}", path, ex);
        }
    }

    /// <summary>Refuses anything but an existing regular file (or a symbolic link to one), before it is opened.</summary>
    public static void EnsureRegularFile(string path, string? missingCode = null, string? missingMessage = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        PathKind kind = FileTypeProbe.Probe(path);
        if (kind == PathKind.RegularFile)
        {
            return;
        }

        if (kind == PathKind.Missing)
        {
            throw Missing(path, missingCode, missingMessage, null);
        }

        throw NotRegular(path, kind);
    }

    /// <summary>What a path names (symbolic links followed); for callers that accept a file or a directory.</summary>
    public static PathKind Probe(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return FileTypeProbe.Probe(path);
    }

    /// <summary>
    /// Runs a reader of <paramref name="path"/>'s content and names the file in the errors it raises without
    /// one (readers of bytes do not know where the bytes came from).
    /// </summary>
    public static T Named<T>(string path, Func<T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        try
        {
            return read();
        }
        // Readers of bytes name what they read ("trusted_root.json"); the file is what the user must find.
        catch (InvalidInputException ex) when (!string.Equals(ex.Path, path, StringComparison.Ordinal))
        {
            throw new InvalidInputException(ex.Code, ex.Message, path, ex);
        }
    }

    /// <summary>The error for a path that names something other than a regular file.</summary>
    public static InvalidInputException NotRegular(string path, PathKind kind) =>
        new(DiagnosticCode.InputNotRegularFile, $"{path}: {Describe(kind)}, not a regular file; refusing to read it.", path);

    /// <summary>
    /// The regular files under <paramref name="directory"/> matching <paramref name="pattern"/>, recursively, in
    /// ordinal order. Other entries that match (FIFOs, devices, link loops, links to directories) are reported
    /// through <paramref name="skipped"/> and not returned.
    /// </summary>
    public static IReadOnlyList<string> RegularFilesIn(string directory, string pattern, Action<string, PathKind> skipped)
    {
        ArgumentNullException.ThrowIfNull(skipped);
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false };
        var files = new List<string>();
        foreach (string entry in Directory.EnumerateFileSystemEntries(directory, pattern, options).Order(StringComparer.Ordinal))
        {
            PathKind kind = FileTypeProbe.Probe(entry);
            if (kind == PathKind.RegularFile)
            {
                files.Add(entry);
            }
            else if (kind != PathKind.Directory)
            {
                // A directory whose name matches (advisories.json/) is walked by the enumeration itself.
                skipped(entry, kind);
            }
        }

        return files;
    }

    internal static InvalidInputException TooLarge(string path, InputKind kind, long limit, long? length) =>
        new(
            DiagnosticCode.InputTooLarge,
            $"{path}: {(length is { } l ? InputLimits.Describe(l) : "more than " + InputLimits.Describe(limit))} is larger than the {InputLimits.Describe(limit)} allowed for {Name(kind)}; set {InputLimits.MaxInputVariable} to raise the limit (docs/limits.md).",
            path);

    private static InvalidInputException Missing(string path, string? code, string? message, Exception? inner) =>
        new(code ?? DiagnosticCode.InputNotFound, message ?? $"{path}: no such file.", path, inner);

    private static string Describe(PathKind kind) => kind switch
    {
        PathKind.Directory => "a directory",
        PathKind.SymbolicLinkLoop => "a loop of symbolic links",
        PathKind.Fifo => "a FIFO (named pipe)",
        PathKind.CharacterDevice => "a character device",
        PathKind.BlockDevice => "a block device",
        PathKind.Socket => "a socket",
        PathKind.Unreadable => "not accessible",
        _ => "a special file",
    };

    private static string Name(InputKind kind) => kind switch
    {
        InputKind.Sbom => "an SBOM",
        InputKind.Project => "a project input (assets, deps, runtimeconfig, nuspec)",
        InputKind.Policy => "a policy",
        InputKind.Vex => "a VEX document",
        InputKind.AdvisorySource => "an advisory source file",
        InputKind.AdvisoryArchive => "an advisory archive",
        _ => "a key, certificate, bundle, trusted root or OCI document",
    };
}
