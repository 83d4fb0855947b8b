using System.Text.Json;
using NuGet.Versioning;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Inventory.NuGet;

/// <summary>Parses <c>project.assets.json</c> text into an <see cref="AssetsFile"/>. Pure; no file access.</summary>
internal static class AssetsFileParser
{
    private const string Kind = "project assets file";

    public static AssetsFile Parse(string json, string path, CancellationToken cancellationToken = default)
    {
        using JsonDocument doc = JsonInput.Parse(json, path, DiagnosticCode.AssetsFileInvalid, Kind);
        return Parse(doc, path, cancellationToken);
    }

    /// <summary>Parses the file's UTF-8 bytes as read (see <see cref="JsonInput.Parse(ReadOnlyMemory{byte}, string, string, string)"/>).</summary>
    public static AssetsFile Parse(ReadOnlyMemory<byte> utf8, string path, CancellationToken cancellationToken = default)
    {
        using JsonDocument doc = JsonInput.Parse(utf8, path, DiagnosticCode.AssetsFileInvalid, Kind);
        return Parse(doc, path, cancellationToken);
    }

    private static AssetsFile Parse(JsonDocument doc, string path, CancellationToken cancellationToken)
    {
        JsonElement root = doc.RootElement;

        if (!root.TryGetProperty("version", out JsonElement version)
            || version.ValueKind != JsonValueKind.Number
            || !version.TryGetInt32(out int v)
            || v < 3)
        {
            throw JsonInput.Invalid(DiagnosticCode.AssetsFileInvalid, Kind, path, "'version' is missing or older than 3");
        }

        JsonElement targets = JsonInput.Object(root, "targets")
            ?? throw JsonInput.Invalid(DiagnosticCode.AssetsFileInvalid, Kind, path, "there is no 'targets' object");
        ThrowIfRestoreFailed(root, path);

        JsonElement? project = JsonInput.Object(root, "project");
        JsonElement? restore = project is { } p ? JsonInput.Object(p, "restore") : null;

        return new AssetsFile(
            path,
            ParseTargets(targets, cancellationToken),
            ParseLibraries(JsonInput.Object(root, "libraries"), cancellationToken),
            ParseFrameworks(project, restore, path),
            JsonInput.Members(JsonInput.Object(root, "packageFolders")).Select(m => m.Name).ToList(),
            restore is { } r ? JsonInput.String(r, "projectName") : null,
            project is { } pr ? JsonInput.String(pr, "version") : null);
    }

    private static List<AssetsTarget> ParseTargets(JsonElement targets, CancellationToken cancellationToken)
    {
        var result = new List<AssetsTarget>();
        foreach (JsonProperty target in targets.EnumerateObject())
        {
            int slash = target.Name.IndexOf('/', StringComparison.Ordinal);
            string framework = slash < 0 ? target.Name : target.Name[..slash];
            string? rid = slash < 0 ? null : target.Name[(slash + 1)..];
            var libraries = new List<AssetsTargetLibrary>();
            foreach (JsonProperty library in JsonInput.Members(target.Value.ValueKind == JsonValueKind.Object ? target.Value : null))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (JsonInput.SplitLibraryKey(library.Name) is not (string name, string ver))
                {
                    continue;
                }

                List<string> dependencies = JsonInput.Members(JsonInput.Object(library.Value, "dependencies"))
                    .Select(d => d.Name)
                    .ToList();
                List<string> content = JsonInput.Members(JsonInput.Object(library.Value, "contentFiles"))
                    .Where(c => JsonInput.Bool(c.Value, "copyToOutput") && JsonInput.String(c.Value, "outputPath") is { Length: > 0 })
                    .Select(c => JsonInput.String(c.Value, "outputPath")!)
                    .ToList();
                libraries.Add(new AssetsTargetLibrary(name, ver, JsonInput.String(library.Value, "type") ?? "package", dependencies)
                {
                    ContentOutputPaths = content,
                });
            }

            result.Add(new AssetsTarget(target.Name, framework, rid, libraries));
        }

        return result;
    }

    /// <summary>
    /// A failed restore still writes an assets file, with the unresolved packages missing from its graph and
    /// the errors in <c>logs</c>. An inventory of that graph would silently omit packages, so refuse it.
    /// </summary>
    private static void ThrowIfRestoreFailed(JsonElement root, string path)
    {
        if (!root.TryGetProperty("logs", out JsonElement logs) || logs.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        string[] errors = logs.EnumerateArray()
            .Where(l => l.ValueKind == JsonValueKind.Object && JsonInput.String(l, "level") is "Error")
            .Select(l => $"{JsonInput.String(l, "code")}: {JsonInput.String(l, "message")}")
            .ToArray();
        if (errors.Length > 0)
        {
            throw new InvalidInputException(
                DiagnosticCode.RestoreFailed,
                $"{path}: the last restore failed ({errors.Length} error(s), first: {errors[0]}); fix the restore, then build again.",
                path);
        }
    }

    private static Dictionary<string, AssetsLibrary> ParseLibraries(JsonElement? libraries, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, AssetsLibrary>(StringComparer.OrdinalIgnoreCase);
        foreach (JsonProperty library in JsonInput.Members(libraries))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (JsonInput.SplitLibraryKey(library.Name) is not (string name, string version))
            {
                continue;
            }

            JsonElement value = library.Value;
            result[library.Name] = new AssetsLibrary(
                name,
                version,
                JsonInput.String(value, "type") ?? "package",
                JsonInput.String(value, "sha512"),
                JsonInput.String(value, "path"),
                JsonInput.String(value, "msbuildProject"));
        }

        return result;
    }

    private static List<AssetsFramework> ParseFrameworks(JsonElement? project, JsonElement? restore, string path)
    {
        JsonElement? restoreFrameworks = restore is { } r ? JsonInput.Object(r, "frameworks") : null;
        var result = new List<AssetsFramework>();
        foreach (JsonProperty framework in JsonInput.Members(project is { } p ? JsonInput.Object(p, "frameworks") : null))
        {
            JsonElement fw = framework.Value;
            var dependencies = new List<AssetsDirectDependency>();
            foreach (JsonProperty dependency in JsonInput.Members(JsonInput.Object(fw, "dependencies")))
            {
                JsonElement d = dependency.Value;
                dependencies.Add(new AssetsDirectDependency(
                    dependency.Name,
                    JsonInput.String(d, "target") ?? "Package",
                    JsonInput.String(d, "suppressParent"),
                    JsonInput.String(d, "include"),
                    JsonInput.String(d, "exclude"),
                    JsonInput.Bool(d, "autoReferenced")));
            }

            var prune = new Dictionary<string, VersionRange>(StringComparer.OrdinalIgnoreCase);
            foreach (JsonProperty entry in JsonInput.Members(JsonInput.Object(fw, "packagesToPrune")))
            {
                if (entry.Value.ValueKind != JsonValueKind.String || !VersionRange.TryParse(entry.Value.GetString()!, out VersionRange? range))
                {
                    throw JsonInput.Invalid(
                        DiagnosticCode.AssetsFileInvalid, Kind, path, $"packagesToPrune '{entry.Name}' has no valid version range");
                }

                prune[entry.Name] = range;
            }

            // Restore frameworks are keyed by the same alias; their projectReferences are keyed by project path.
            JsonElement? restoreFramework = restoreFrameworks is { } rf ? JsonInput.Object(rf, framework.Name) : null;
            List<string> projectReferences = JsonInput.Members(restoreFramework is { } x ? JsonInput.Object(x, "projectReferences") : null)
                .Select(m => JsonInput.String(m.Value, "projectPath") ?? m.Name)
                .ToList();

            result.Add(new AssetsFramework(
                framework.Name,
                JsonInput.String(fw, "framework") ?? framework.Name,
                dependencies,
                projectReferences,
                prune));
        }

        return result;
    }
}
