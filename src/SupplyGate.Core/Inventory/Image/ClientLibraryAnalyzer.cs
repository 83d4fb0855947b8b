using SupplyGate.Core.Inventory.ClientLibraries;

namespace SupplyGate.Core.Inventory.Image;

/// <summary>The client libraries an application in the image ships (<c>&lt;app dir&gt;/wwwroot/…</c>).</summary>
internal sealed record FoundClientLibraries(string DepsPath, string AppDirectory, IReadOnlyList<ClientLibrary> Libraries);

/// <summary>
/// Client-side libraries in the image's applications (docs/client-libraries.md): while layers stream by it keeps
/// scripts, stylesheets, <c>package.json</c>/<c>bower.json</c> and LICENSE files under a <c>wwwroot/</c> folder, and notes that <c>.map</c>,
/// <c>.gz</c> and <c>.br</c> copies exist; then each application found by its <c>*.deps.json</c> (so runs after
/// <see cref="DotNetAnalyzer"/>) is scanned in its own directory, the same way as a publish output.
/// </summary>
internal sealed class ClientLibraryAnalyzer : IImageAnalyzer
{
    private const string WebRoot = "/wwwroot/";

    public CaptureMode Capture(string path)
    {
        if (!path.Contains(WebRoot, StringComparison.Ordinal))
        {
            return CaptureMode.Skip;
        }

        string name = path[(path.LastIndexOf('/') + 1)..];
        return name is "package.json" or "bower.json"
                || LibraryLicenseFiles.IsLicenseFile(name)
                || name.EndsWith(".js", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".css", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".mjs", StringComparison.OrdinalIgnoreCase)
                || name.EndsWith(".cjs", StringComparison.OrdinalIgnoreCase)
            ? CaptureMode.Content
            : CaptureMode.Presence;
    }

    public void Analyze(ImageView view, ImageFindings findings)
    {
        foreach (FoundApp app in findings.Apps)
        {
            string directory = app.DepsPath[..(app.DepsPath.LastIndexOf('/') + 1)];
            var tree = new ViewTree(view, directory);
            IReadOnlyList<ClientLibrary> libraries = ClientLibraryScanner.Scan(tree, () => ClientLibraryCatalog.Default, null, CancellationToken.None);
            if (libraries.Count > 0)
            {
                findings.ClientLibraries.Add(new FoundClientLibraries(app.DepsPath, directory, libraries));
            }
        }
    }

    /// <summary>The captured files under one application directory, with app-relative paths.</summary>
    private sealed class ViewTree(ImageView view, string directory) : IStaticFileTree
    {
        public IEnumerable<StaticFile> Files(CancellationToken cancellationToken) =>
            view.Files(p => p.StartsWith(directory + "wwwroot/", StringComparison.Ordinal))
                .Select(path => view.Read(path) is { } content
                    ? new StaticFile(path[directory.Length..], content.Length, () => new MemoryStream(content, writable: false))
                    : new StaticFile(path[directory.Length..], 0, null));
    }
}
