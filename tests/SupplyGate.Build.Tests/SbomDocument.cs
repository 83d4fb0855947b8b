using System.Text.Json;

namespace SupplyGate.Build.Tests;

/// <summary>
/// A read-only view of an SBOM file through plain JsonDocument, deliberately not SupplyGate's own reader,
/// so the end-to-end assertions do not trust the code under test.
/// </summary>
public sealed class SbomDocument
{
    public SbomDocument(string path)
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(path));
        JsonElement root = document.RootElement;
        Subject = ReadComponent(root.GetProperty("metadata").GetProperty("component"));
        Components = root.TryGetProperty("components", out JsonElement components)
            ? components.EnumerateArray().Select(ReadComponent).ToArray()
            : [];
        Dependencies = root.GetProperty("dependencies").EnumerateArray().ToDictionary(
            d => d.GetProperty("ref").GetString()!,
            d => (IReadOnlyList<string>)d.GetProperty("dependsOn").EnumerateArray().Select(x => x.GetString()!).ToArray(),
            StringComparer.Ordinal);
        SerialNumber = root.GetProperty("serialNumber").GetString()!;
    }

    public ComponentView Subject { get; }

    public IReadOnlyList<ComponentView> Components { get; }

    public IReadOnlyDictionary<string, IReadOnlyList<string>> Dependencies { get; }

    public string SerialNumber { get; }

    public ComponentView Single(string name, string? version = null) =>
        Components.Single(c => c.Name == name && (version is null || c.Version == version));

    /// <summary>Breadth-first path of bom-refs from the subject to the target, or null.</summary>
    public IReadOnlyList<string>? PathTo(string targetRef)
    {
        var previous = new Dictionary<string, string?>(StringComparer.Ordinal) { [Subject.BomRef] = null };
        var queue = new Queue<string>([Subject.BomRef]);
        while (queue.TryDequeue(out string? current))
        {
            if (current == targetRef)
            {
                var path = new List<string>();
                for (string? at = current; at is not null; at = previous[at])
                {
                    path.Insert(0, at);
                }

                return path;
            }

            foreach (string next in Dependencies.GetValueOrDefault(current, []))
            {
                if (previous.TryAdd(next, current))
                {
                    queue.Enqueue(next);
                }
            }
        }

        return null;
    }

    private static ComponentView ReadComponent(JsonElement e) => new(
        e.GetProperty("type").GetString()!,
        e.GetProperty("name").GetString()!,
        e.TryGetProperty("version", out JsonElement v) ? v.GetString() : null,
        e.TryGetProperty("bom-ref", out JsonElement r) ? r.GetString()! : string.Empty,
        e.TryGetProperty("purl", out JsonElement p) ? p.GetString() : null,
        e.TryGetProperty("scope", out JsonElement s) ? s.GetString()! : "required",
        e.TryGetProperty("properties", out JsonElement props)
            // A name may repeat (one supplygate:client-library:file per file): the first value stands for it here.
            ? props.EnumerateArray().GroupBy(x => x.GetProperty("name").GetString()!, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.First().TryGetProperty("value", out JsonElement val) ? val.GetString() : null, StringComparer.Ordinal)
            : new Dictionary<string, string?>(StringComparer.Ordinal));
}

public sealed record ComponentView(
    string Type,
    string Name,
    string? Version,
    string BomRef,
    string? Purl,
    string Scope,
    IReadOnlyDictionary<string, string?> Properties)
{
    public bool IsRuntime => Properties.ContainsKey("supplygate:dotnet:runtime");
}

/// <summary>The packages a published deps.json lists: the independent oracle for "what ships".</summary>
public static class DepsJson
{
    public static IReadOnlySet<string> Packages(string depsFile, string type = "package")
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(depsFile));
        return document.RootElement.GetProperty("libraries").EnumerateObject()
            .Where(l => l.Value.GetProperty("type").GetString() == type)
            .Select(l => l.Name)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
    }
}
