namespace SupplyGate.Core.Inventory.ClientLibraries;

/// <summary>
/// A file that ships: its path relative to the application root (forward slashes), its size, and how to read it.
/// <paramref name="Open"/> is null when only its presence is known (an image file the layer scan did not keep).
/// <paramref name="LastWriteTicks"/> (UTC ticks) lets a <see cref="ScanCache"/> reuse an earlier result; null where
/// there is no such time (image layers).
/// </summary>
public sealed record StaticFile(string Path, long Length, Func<Stream>? Open, long? LastWriteTicks = null);

/// <summary>The files of one application as they ship: a publish directory, or the app directory of an image.</summary>
public interface IStaticFileTree
{
    /// <summary>Every regular file, in ordinal path order.</summary>
    IEnumerable<StaticFile> Files(CancellationToken cancellationToken);
}

/// <summary>A publish directory on disk.</summary>
public sealed class DirectoryFileTree(string root) : IStaticFileTree
{
    public IEnumerable<StaticFile> Files(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(root))
        {
            yield break;
        }

        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            IgnoreInaccessible = true,
            AttributesToSkip = FileAttributes.ReparsePoint,
            ReturnSpecialDirectories = false,
        };
        var files = new List<ListedFile>();
        foreach (FileInfo file in new DirectoryInfo(root).EnumerateFiles("*", options))
        {
            cancellationToken.ThrowIfCancellationRequested();
            files.Add(new ListedFile(Path.GetRelativePath(root, file.FullName).Replace('\\', '/'), file.FullName, file.Length, file.LastWriteTimeUtc.Ticks));
        }

        files.Sort((a, b) => string.CompareOrdinal(a.Relative, b.Relative));
        foreach ((string relative, string full, long length, long ticks) in files)
        {
            yield return new StaticFile(relative, length, () => new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan), ticks);
        }
    }

    // A record, not a value tuple: a list of tuples needed its own sort code, compiled at run time in every build.
    private sealed record ListedFile(string Relative, string Full, long Length, long Ticks);
}
