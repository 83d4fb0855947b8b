using System.Runtime.CompilerServices;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Inventory.Os;

namespace SupplyGate.Core.Inventory.Image;

/// <summary>An installed OS package and the database it came from (<c>deb</c>, <c>apk</c> or <c>rpm</c> = the purl type).</summary>
internal sealed record FoundOsPackage(OsPackage Package, string PurlType, string DatabasePath);

/// <summary>A <c>*.deps.json</c> of an application in the image.</summary>
internal sealed record FoundApp(string DepsPath, string Text);

/// <summary>A shared framework directory (<c>…/shared/&lt;Name&gt;/&lt;version&gt;/</c>).</summary>
internal sealed record FoundFramework(string Name, string Version, string Path);

/// <summary>What the analyzers found in one view of the image.</summary>
internal sealed class ImageFindings(string workDirectory, ParseMemo memo)
{
    public string WorkDirectory { get; } = workDirectory;

    public ParseMemo Memo { get; } = memo;

    public OsRelease? OsRelease { get; set; }

    public List<FoundOsPackage> Packages { get; } = [];

    public List<FoundApp> Apps { get; } = [];

    public List<FoundFramework> Frameworks { get; } = [];

    public List<FoundClientLibraries> ClientLibraries { get; } = [];

    public List<Warning> Warnings { get; } = [];
}

/// <summary>
/// Parse results keyed by the captured content (by reference): attribution looks at the image as of several
/// layers, and a file no layer rewrote must not be parsed (or, for rpm, copied to disk) again.
/// </summary>
internal sealed class ParseMemo
{
    private readonly ConditionalWeakTable<byte[], object> _results = [];

    public T GetOrAdd<T>(byte[] content, Func<byte[], T> parse)
        where T : class
    {
        lock (_results)
        {
            if (_results.TryGetValue(content, out object? cached))
            {
                return (T)cached;
            }

            T result = parse(content);
            _results.Add(content, result);
            return result;
        }
    }

    /// <summary>A result parsed earlier (the layer cache keeps them); the first one for a content stays.</summary>
    public void Seed<T>(byte[] content, T result)
        where T : class
    {
        lock (_results)
        {
            _results.TryAdd(content, result);
        }
    }
}

/// <summary>One kind of content the image inventory understands: which files it needs, and how to read them.</summary>
internal interface IImageAnalyzer
{
    /// <summary>Decides per physical path (<c>/etc/os-release</c>) while layers stream by.</summary>
    CaptureMode Capture(string path);

    void Analyze(ImageView view, ImageFindings findings);
}
