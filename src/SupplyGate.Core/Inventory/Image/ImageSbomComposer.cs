using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Inventory.Image;

/// <summary>
/// One SBOM for an image: what the image scan found (OS packages, runtimes, apps by deps.json, each with its
/// layer) merged with the build's own SBOM of the app, which knows more about the same packages (licenses,
/// hashes, direct/transitive, what was restored but not shipped). A component both know keeps the build's
/// data and gains the image's layer properties (prior art, docs/architecture.md §6: attribute each component to base or app).
/// </summary>
public static class ImageSbomComposer
{
    private static readonly string[] LayerProperties =
        [ImagePropertyNames.Layer, ImagePropertyNames.LayerIndex, ImagePropertyNames.BaseLayer, ImagePropertyNames.AppPath];

    private static Dictionary<string, string> MinimumFrameworksFoundInImage(IEnumerable<Component> built, IEnumerable<Component> scanned)
    {
        var replaced = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Component framework in built.Where(c => c.BomRef is not null && c.GetProperty(PropertyNames.RuntimeVersionKind) == "minimum"))
        {
            Component? actual = scanned.FirstOrDefault(c =>
                c.BomRef is not null
                && c.GetProperty(PropertyNames.DotNetRuntime) is not null
                && string.Equals(c.Name, framework.Name, StringComparison.Ordinal));
            if (actual is not null)
            {
                replaced[framework.BomRef!] = actual.BomRef!;
            }
        }

        return replaced;
    }

    /// <summary>
    /// The scan names an app it found by its deps.json path (<c>image-app:/app/App.deps.json</c>); the build
    /// names the same app by its purl. Use the build's name so both halves of the graph meet.
    /// </summary>
    private static Bom RenameApp(Bom scan, Component builtApp)
    {
        string? scanRef = scan.Components.FirstOrDefault(c =>
            c.BomRef?.StartsWith("image-app:", StringComparison.Ordinal) == true
            && string.Equals(c.Name, builtApp.Name, StringComparison.Ordinal))?.BomRef;
        if (scanRef is null)
        {
            return scan;
        }

        string Rename(string bomRef) => bomRef == scanRef ? builtApp.BomRef! : bomRef;
        return scan with
        {
            Components = scan.Components.Select(c => c.BomRef == scanRef ? c with { BomRef = builtApp.BomRef, Purl = builtApp.Purl } : c).ToArray(),
            Dependencies = scan.Dependencies.Select(d => new Dependency(Rename(d.Ref), d.DependsOn.Select(Rename).ToArray())).ToArray(),
        };
    }

    public static Bom Compose(ImageScanResult scan, Bom? appSbom, DateTimeOffset? baseCreated)
    {
        ArgumentNullException.ThrowIfNull(scan);
        Bom scanned = appSbom?.Metadata?.Component is { BomRef: not null } builtApp ? RenameApp(scan.Bom, builtApp) : scan.Bom;
        var byRef = scanned.Components.Where(c => c.BomRef is not null).ToDictionary(c => c.BomRef!, StringComparer.Ordinal);
        var components = new Dictionary<string, Component>(byRef, StringComparer.Ordinal);
        var edges = scanned.Dependencies.ToDictionary(d => d.Ref, d => new SortedSet<string>(d.DependsOn, StringComparer.Ordinal), StringComparer.Ordinal);
        if (appSbom is not null)
        {
            IEnumerable<Component> buildComponents = appSbom.Components;
            if (appSbom.Metadata?.Component is { BomRef: not null } app)
            {
                buildComponents = buildComponents.Prepend(app with { Scope = ComponentScopes.Required });
            }

            // A framework-dependent app's SBOM knows only the minimum framework version (runtimeconfig.json);
            // the image knows the one that actually runs. Keep the image's and point the app at it.
            Dictionary<string, string> replaced = MinimumFrameworksFoundInImage(buildComponents, byRef.Values);
            buildComponents = buildComponents.Where(c => c.BomRef is null || !replaced.ContainsKey(c.BomRef));
            foreach (Component built in buildComponents.Where(c => c.BomRef is not null))
            {
                components[built.BomRef!] = byRef.TryGetValue(built.BomRef!, out Component? found)
                    ? built with { Properties = [.. built.Properties, .. found.Properties.Where(p => LayerProperties.Contains(p.Name))] }
                    : built;
            }

            foreach (Dependency dependency in appSbom.Dependencies.Where(d => !replaced.ContainsKey(d.Ref)))
            {
                if (!edges.TryGetValue(dependency.Ref, out SortedSet<string>? set))
                {
                    edges[dependency.Ref] = set = new SortedSet<string>(StringComparer.Ordinal);
                }

                set.UnionWith(dependency.DependsOn.Select(d => replaced.GetValueOrDefault(d, d)));
            }

            // The image contains the app: make sure the image's subject leads to it even when the scan did not find its deps.json.
            if (scan.Bom.Metadata?.Component?.BomRef is { } image && appSbom.Metadata?.Component?.BomRef is { } appRef)
            {
                if (!edges.TryGetValue(image, out SortedSet<string>? top))
                {
                    edges[image] = top = new SortedSet<string>(StringComparer.Ordinal);
                }

                top.Add(appRef);
            }
        }

        string? subjectRef = scan.Bom.Metadata?.Component?.BomRef;
        foreach (string key in components.Keys)
        {
            edges.TryAdd(key, new SortedSet<string>(StringComparer.Ordinal));
        }

        var known = new HashSet<string>(components.Keys, StringComparer.Ordinal);
        if (subjectRef is not null)
        {
            known.Add(subjectRef);
        }

        ImageFacts facts = scan.Facts;
        return new Bom
        {
            Metadata = new BomMetadata
            {
                Component = scan.Bom.Metadata?.Component,
                Properties = [.. ImageFactsProperties.ToProperties(facts, baseCreated)],
            },
            Components = components.Values.ToArray(),
            Dependencies = edges
                .Where(e => known.Contains(e.Key))
                .Select(e => new Dependency(e.Key, e.Value.Where(known.Contains).ToArray()))
                .ToArray(),
        };
    }
}
