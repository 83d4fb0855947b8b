using System.Formats.Tar;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Oci.Sources;

/// <summary>
/// The files of an uncompressed tar (oci-archive, docker-save), read in place: the headers are scanned
/// once (seeking over the data), and each file is opened as a window on the archive (TarEntry.DataOffset),
/// so nothing is extracted to disk. Symlinks are followed only to files inside the archive (docker save
/// ≥ 25 links <c>&lt;id&gt;/layer.tar</c> to <c>blobs/sha256/…</c>).
/// </summary>
internal sealed class TarArchiveFiles : ILayoutFiles
{
    private const int MaxEntries = 1_000_000;

    private readonly string _path;
    private readonly Dictionary<string, (long Offset, long Length)> _files = new(StringComparer.Ordinal);

    private TarArchiveFiles(string path) => _path = path;

    public string Location => _path;

    public IEnumerable<string> Names => _files.Keys;

    public static TarArchiveFiles Open(string path, CancellationToken cancellationToken)
    {
        var archive = new TarArchiveFiles(path);
        var links = new Dictionary<string, string>(StringComparer.Ordinal);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        if (stream.Length >= 2 && stream.ReadByte() == 0x1f && stream.ReadByte() == 0x8b)
        {
            throw new InvalidInputException(
                DiagnosticCode.ImageInvalid, $"{path}: the archive is gzip-compressed; image archives are plain tar (decompress it first: gunzip -c)", path);
        }

        stream.Position = 0;
        try
        {
            using var reader = new TarReader(stream, leaveOpen: true);
            int count = 0;
            while (reader.GetNextEntry(copyData: false) is { } entry)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (++count > MaxEntries)
                {
                    throw new InvalidInputException(DiagnosticCode.ImageInvalid, $"{path}: more than {MaxEntries} tar entries", path);
                }

                string? name = Normalize(entry.Name);
                if (name is null)
                {
                    continue;
                }

                if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile)
                {
                    archive._files[name] = (entry.DataOffset, entry.Length);
                }
                else if (entry.EntryType is TarEntryType.SymbolicLink or TarEntryType.HardLink)
                {
                    string target = entry.EntryType == TarEntryType.HardLink ? entry.LinkName : CombineRelative(name, entry.LinkName);
                    if (Normalize(target) is { } resolved)
                    {
                        links[name] = resolved;
                    }
                }
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or FormatException or OverflowException or ArgumentException)
        {
            throw new InvalidInputException(DiagnosticCode.ImageInvalid, $"{path}: not a readable tar archive: {ex.Message}", path, ex);
        }

        foreach ((string name, string target) in links)
        {
            if (!archive._files.ContainsKey(name) && archive._files.TryGetValue(target, out var file))
            {
                archive._files[name] = file;
            }
        }

        return archive;
    }

    public bool Exists(string relativePath) => Normalize(relativePath) is { } name && _files.ContainsKey(name);

    public long Length(string relativePath) => Find(relativePath).Length;

    public Stream Open(string relativePath)
    {
        (long offset, long length) = Find(relativePath);
        var stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        stream.Position = offset;
        return new WindowStream(stream, length);
    }

    public void Dispose()
    {
    }

    private (long Offset, long Length) Find(string relativePath) =>
        Normalize(relativePath) is { } name && _files.TryGetValue(name, out var file)
            ? file
            : throw new InvalidInputException(DiagnosticCode.ImageInvalid, $"{_path}: {relativePath} is not in the archive", _path);

    /// <summary>'./a//b' → 'a/b'; null for names that climb out of the archive.</summary>
    private static string? Normalize(string name)
    {
        var parts = new List<string>();
        foreach (string part in name.Replace('\\', '/').Split('/'))
        {
            if (part is "" or ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count == 0)
                {
                    return null;
                }

                parts.RemoveAt(parts.Count - 1);
                continue;
            }

            parts.Add(part);
        }

        return parts.Count == 0 ? null : string.Join('/', parts);
    }

    private static string CombineRelative(string linkName, string target)
    {
        if (target.StartsWith('/'))
        {
            return target;
        }

        int slash = linkName.LastIndexOf('/');
        return slash < 0 ? target : linkName[..(slash + 1)] + target;
    }
}
