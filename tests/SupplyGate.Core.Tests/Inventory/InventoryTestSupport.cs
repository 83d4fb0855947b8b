using System.Text.Json;
using SupplyGate.Core.Inventory.NuGet;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Tests.Inventory;

/// <summary>Fixture paths, a fake nuspec source, and independent JsonDocument-based counting.</summary>
internal static class InventoryTestSupport
{
    public static string Fixture(params string[] parts) =>
        Path.Combine([AppContext.BaseDirectory, "Fixtures", "nuget", .. parts]);

    public static string Assets(string file) => Fixture("assets", file);

    public static string Deps(string file) => Fixture("deps", file);

    public static IEnumerable<Component> NuGetPackages(this Bom bom) =>
        bom.Components.Where(c => c.Purl!.StartsWith("pkg:nuget/", StringComparison.Ordinal) && c.GetProperty(PropertyNames.DotNetRuntime) is null);

    public static Component Named(this Bom bom, string name) =>
        Assert.Single(bom.Components, c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Package entries of one target, counted straight from the JSON.</summary>
    public static SortedSet<string> PackagesInTarget(string assetsPath, string targetKey)
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(assetsPath));
        var result = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (JsonProperty library in doc.RootElement.GetProperty("targets").GetProperty(targetKey).EnumerateObject())
        {
            if (library.Value.GetProperty("type").GetString() == "package")
            {
                result.Add(library.Name);
            }
        }

        return result;
    }

    /// <summary>Package libraries of a deps.json, straight from the JSON.</summary>
    public static SortedSet<string> PackagesInDeps(string depsPath)
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(depsPath));
        var result = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (JsonProperty library in doc.RootElement.GetProperty("libraries").EnumerateObject())
        {
            if (library.Value.GetProperty("type").GetString() == "package")
            {
                result.Add(library.Name);
            }
        }

        return result;
    }

    /// <summary>Packages the runtime target lists a runtime, native, resource or runtimeTargets asset for, straight from the JSON.</summary>
    public static SortedSet<string> PackagesWithAssetsInDeps(string depsPath)
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(depsPath));
        JsonElement root = doc.RootElement;
        var result = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        if (!root.TryGetProperty("targets", out JsonElement targets))
        {
            return result;
        }

        JsonElement target = root.TryGetProperty("runtimeTarget", out JsonElement rt) && rt.TryGetProperty("name", out JsonElement name)
            && targets.TryGetProperty(name.GetString()!, out JsonElement named)
            ? named
            : targets.EnumerateObject().Select(t => t.Value).FirstOrDefault(t => t.EnumerateObject().Any());
        if (target.ValueKind != JsonValueKind.Object)
        {
            return result;
        }

        HashSet<string> packages = PackagesInDeps(depsPath).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (JsonProperty library in target.EnumerateObject())
        {
            bool hasAssets = new[] { "runtime", "native", "resources", "runtimeTargets" }
                .Any(g => library.Value.TryGetProperty(g, out JsonElement assets) && assets.ValueKind == JsonValueKind.Object && assets.EnumerateObject().Any());
            if (hasAssets && packages.Contains(library.Name))
            {
                result.Add(library.Name);
            }
        }

        return result;
    }

    public static void AssertEveryRefResolves(Bom bom)
    {
        var refs = bom.Components.Select(c => c.BomRef!).Append(bom.Metadata!.Component!.BomRef!).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(refs.Count, bom.Components.Count + 1); // unique
        Assert.Equal(refs.Order(StringComparer.Ordinal), bom.Dependencies.Select(d => d.Ref).Order(StringComparer.Ordinal));
        foreach (Dependency dependency in bom.Dependencies)
        {
            Assert.All(dependency.DependsOn, r => Assert.Contains(r, refs));
        }
    }
}

/// <summary>An in-memory nuspec source: MIT for everything unless told otherwise; records lookups.</summary>
internal sealed class FakeNuspecSource : INuspecSource
{
    private readonly Dictionary<string, NuspecInfo?> _special = new(StringComparer.OrdinalIgnoreCase);

    public List<string> Lookups { get; } = [];

    public FakeNuspecSource With(string id, NuspecInfo? info)
    {
        _special[id] = info;
        return this;
    }

    public NuspecInfo? Find(string packageId, string version, IReadOnlyList<string> packageFolders)
    {
        Lookups.Add(packageId + "/" + version);
        return _special.TryGetValue(packageId, out NuspecInfo? info) ? info : new NuspecInfo([new LicenseExpression("MIT")], false);
    }
}
