using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Oci.Sources;

/// <summary>Read access to the files of an image layout or archive, by relative path ('/'-separated).</summary>
internal interface ILayoutFiles : IDisposable
{
    /// <summary>Where the files are, for messages.</summary>
    string Location { get; }

    bool Exists(string relativePath);

    /// <summary>Opens a file for reading; SG1020 when it does not exist.</summary>
    Stream Open(string relativePath);

    long Length(string relativePath);
}

/// <summary>An OCI image layout directory (image-spec v1.1.0 image-layout.md).</summary>
internal sealed class DirectoryLayoutFiles(string root) : ILayoutFiles
{
    public string Location => root;

    public bool Exists(string relativePath) => File.Exists(Resolve(relativePath));

    public Stream Open(string relativePath)
    {
        string path = Resolve(relativePath);

        // Probed before opening: a FIFO or a link loop as index.json or a blob must not block or crash the scan.
        return IO.InputFile.Probe(path) switch
        {
            IO.PathKind.RegularFile => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true),
            IO.PathKind.Missing => throw new InvalidInputException(DiagnosticCode.ImageInvalid, $"{root}: {relativePath} is missing from the OCI layout", root),
            IO.PathKind kind => throw new InvalidInputException(DiagnosticCode.ImageInvalid, $"{root}: {relativePath} is not a regular file ({IO.InputFile.NotRegular(relativePath, kind).Message})", root),
        };
    }

    public long Length(string relativePath) => new FileInfo(Resolve(relativePath)).Length;

    public void Dispose()
    {
    }

    private string Resolve(string relativePath)
    {
        // Paths come from validated digests or fixed names; refuse anything that could climb out anyway.
        if (relativePath.Split('/').Any(part => part is ".." or "") || Path.IsPathRooted(relativePath))
        {
            throw new InvalidInputException(DiagnosticCode.ImageInvalid, $"{root}: refusing path '{relativePath}'", root);
        }

        return Path.Combine(root, relativePath.Replace('/', Path.DirectorySeparatorChar));
    }
}
