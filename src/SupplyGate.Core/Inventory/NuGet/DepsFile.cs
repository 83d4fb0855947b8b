using System.Text.Json;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Inventory.NuGet;

/// <summary>
/// The parts of a published <c>*.deps.json</c> the inventory uses
/// (format: Microsoft.Extensions.DependencyModel, dotnet/runtime docs/design/features/host-probing.md).
/// </summary>
internal sealed record DepsFile(
    string Path,
    string? RuntimeTarget,
    IReadOnlyList<DepsLibrary> Libraries,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Dependencies,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Assets)
{
    /// <summary>The runtime identifier from <c>runtimeTarget.name</c> (<c>.NETCoreApp,Version=v10.0/linux-x64</c>).</summary>
    public string? RuntimeIdentifier =>
        RuntimeTarget is { } name && name.IndexOf('/', StringComparison.Ordinal) is int slash and > 0 ? name[(slash + 1)..] : null;

    /// <summary>Dependency ids of <c>name/version</c> in the runtime target; empty when unknown.</summary>
    public IReadOnlyList<string> DependenciesOf(DepsLibrary library) =>
        Dependencies.TryGetValue(library.Key, out IReadOnlyList<string>? ids) ? ids : [];

    /// <summary>
    /// Where the runtime target's assets of <c>name/version</c> land, relative to the publish directory: runtime,
    /// native and resource assets are copied flat (resources under their culture), runtimeTargets keep their
    /// <c>runtimes/&lt;rid&gt;/…</c> path. Empty when deps.json lists no asset for it (a meta-package, a
    /// development-only package, or one whose files lost conflict resolution).
    /// </summary>
    public IReadOnlyList<string> AssetsOf(DepsLibrary library) =>
        Assets.TryGetValue(library.Key, out IReadOnlyList<string>? paths) ? paths : [];
}

/// <summary>A <c>libraries</c> entry; <see cref="Sha512"/> is the base64 part of <c>sha512-&lt;base64&gt;</c>.</summary>
internal sealed record DepsLibrary(string Name, string Version, string Type, string? Sha512)
{
    public const string RuntimePackPrefix = "runtimepack.";

    public string Key => Name + "/" + Version;

    public bool IsPackage => string.Equals(Type, "package", StringComparison.OrdinalIgnoreCase);

    public bool IsProject => string.Equals(Type, "project", StringComparison.OrdinalIgnoreCase);

    public bool IsRuntimePack => string.Equals(Type, "runtimepack", StringComparison.OrdinalIgnoreCase);
}

/// <summary>Parses deps.json text. Pure; no file access.</summary>
internal static class DepsFileParser
{
    private const string Kind = "deps file";

    public static DepsFile Parse(string json, string path, CancellationToken cancellationToken = default)
    {
        using JsonDocument doc = JsonInput.Parse(json, path, DiagnosticCode.DepsFileInvalid, Kind);
        return Parse(doc, path, cancellationToken);
    }

    /// <summary>Parses the file's UTF-8 bytes as read (see <see cref="JsonInput.Parse(ReadOnlyMemory{byte}, string, string, string)"/>).</summary>
    public static DepsFile Parse(ReadOnlyMemory<byte> utf8, string path, CancellationToken cancellationToken = default)
    {
        using JsonDocument doc = JsonInput.Parse(utf8, path, DiagnosticCode.DepsFileInvalid, Kind);
        return Parse(doc, path, cancellationToken);
    }

    private static DepsFile Parse(JsonDocument doc, string path, CancellationToken cancellationToken)
    {
        JsonElement root = doc.RootElement;
        JsonElement libraries = JsonInput.Object(root, "libraries")
            ?? throw JsonInput.Invalid(DiagnosticCode.DepsFileInvalid, Kind, path, "there is no 'libraries' object");

        var list = new List<DepsLibrary>();
        foreach (JsonProperty library in libraries.EnumerateObject())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (JsonInput.SplitLibraryKey(library.Name) is not (string name, string version))
            {
                throw JsonInput.Invalid(DiagnosticCode.DepsFileInvalid, Kind, path, $"library key '{library.Name}' is not 'name/version'");
            }

            string? sha512 = JsonInput.String(library.Value, "sha512");
            sha512 = sha512 is not null && sha512.StartsWith("sha512-", StringComparison.OrdinalIgnoreCase) ? sha512[7..] : null;
            list.Add(new DepsLibrary(name, version, JsonInput.String(library.Value, "type") ?? "package", sha512));
        }

        JsonElement? runtimeTarget = JsonInput.Object(root, "runtimeTarget");
        string? runtimeTargetName = runtimeTarget is { } rt ? JsonInput.String(rt, "name") : null;
        JsonElement? target = RuntimeTargetOf(root, runtimeTargetName);
        return new DepsFile(path, runtimeTargetName, list, ParseDependencies(target, cancellationToken), ParseAssets(target, cancellationToken));
    }

    /// <summary>
    /// The runtime target, or the first non-empty target when <c>runtimeTarget</c> names none
    /// (single-file apps carry an empty RID-less target next to the RID one).
    /// </summary>
    private static JsonElement? RuntimeTargetOf(JsonElement root, string? runtimeTargetName)
    {
        JsonElement? targets = JsonInput.Object(root, "targets");
        JsonElement? target = runtimeTargetName is not null && targets is { } t ? JsonInput.Object(t, runtimeTargetName) : null;
        return target ?? JsonInput.Members(targets)
            .Where(m => m.Value.ValueKind == JsonValueKind.Object && m.Value.EnumerateObject().Any())
            .Select(m => (JsonElement?)m.Value)
            .FirstOrDefault();
    }

    private static Dictionary<string, IReadOnlyList<string>> ParseDependencies(JsonElement? target, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (JsonProperty library in JsonInput.Members(target))
        {
            cancellationToken.ThrowIfCancellationRequested();
            result[library.Name] = JsonInput.Members(JsonInput.Object(library.Value, "dependencies")).Select(d => d.Name).ToList();
        }

        return result;
    }

    private static Dictionary<string, IReadOnlyList<string>> ParseAssets(JsonElement? target, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (JsonProperty library in JsonInput.Members(target))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var paths = new List<string>();
            foreach (string group in new[] { "runtime", "native" })
            {
                paths.AddRange(JsonInput.Members(JsonInput.Object(library.Value, group)).Select(a => FileName(a.Name)));
            }

            paths.AddRange(JsonInput.Members(JsonInput.Object(library.Value, "resources"))
                .Select(a => JsonInput.String(a.Value, "locale") is { Length: > 0 } locale ? locale + "/" + FileName(a.Name) : FileName(a.Name)));
            paths.AddRange(JsonInput.Members(JsonInput.Object(library.Value, "runtimeTargets")).Select(a => a.Name));
            result[library.Name] = paths;
        }

        return result;
    }

    private static string FileName(string assetPath) => assetPath[(assetPath.LastIndexOf('/') + 1)..];
}
