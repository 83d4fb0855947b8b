using System.Text.RegularExpressions;

namespace SupplyGate.Core.Inventory.Image;

/// <summary>
/// .NET: every <c>*.deps.json</c>. One at <c>&lt;dotnet root&gt;/shared/&lt;Name&gt;/&lt;version&gt;/&lt;Name&gt;.deps.json</c>
/// marks an installed shared framework (<c>/usr/share/dotnet</c>, <c>/usr/lib/dotnet</c>, or any other root);
/// every other one is an application whose shipped NuGet packages (and runtime pack, when self-contained)
/// it lists (prior art, docs/architecture.md §6: identities from deps.json, never from assembly versions).
/// </summary>
internal sealed partial class DotNetAnalyzer : IImageAnalyzer
{
    private const string DepsSuffix = ".deps.json";

    public CaptureMode Capture(string path) => path.EndsWith(DepsSuffix, StringComparison.OrdinalIgnoreCase) ? CaptureMode.Content : CaptureMode.Skip;

    public void Analyze(ImageView view, ImageFindings findings)
    {
        foreach (string path in view.Files(p => p.EndsWith(DepsSuffix, StringComparison.OrdinalIgnoreCase)))
        {
            Match framework = SharedFramework().Match(path);
            if (framework.Success)
            {
                findings.Frameworks.Add(new FoundFramework(framework.Groups["name"].Value, framework.Groups["version"].Value, path[..(path.LastIndexOf('/') + 1)]));
            }
            else if (view.Read(path) is { } content)
            {
                findings.Apps.Add(new FoundApp(path, findings.Memo.GetOrAdd(content, TextOf.Utf8)));
            }
        }
    }

    [GeneratedRegex(@"/shared/(?<name>[^/]+)/(?<version>[0-9][^/]*)/\k<name>\.deps\.json$", RegexOptions.CultureInvariant)]
    private static partial Regex SharedFramework();
}
