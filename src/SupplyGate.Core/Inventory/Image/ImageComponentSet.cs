using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Inventory.ClientLibraries;
using SupplyGate.Core.Inventory.Os;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Inventory.Image;

/// <summary>
/// The components of one view of the image and their edges, keyed by bom-ref: the operating system and its
/// packages, installed shared frameworks, and each application with its NuGet graph. Attribution and the
/// image itself are added by <see cref="ImageBomBuilder"/>.
/// </summary>
internal sealed class ImageComponentSet
{
    private readonly Dictionary<string, Component> _components = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedSet<string>> _edges = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, Component> Components => _components;

    public IReadOnlyDictionary<string, SortedSet<string>> Edges => _edges;

    /// <summary>What the image depends on directly.</summary>
    public SortedSet<string> TopLevel { get; } = new(StringComparer.Ordinal);

    public static ImageComponentSet Build(ImageFindings findings, CancellationToken cancellationToken)
    {
        var set = new ImageComponentSet();
        string? osRef = findings.OsRelease is { } os ? set.AddOperatingSystem(os) : null;
        foreach (FoundOsPackage found in findings.Packages)
        {
            string vendor = findings.OsRelease?.Id ?? found.PurlType switch { "deb" => "debian", "apk" => "alpine", _ => "unknown" };
            Component component = found.Package.ToComponent(found.PurlType, vendor, findings.OsRelease?.Distro);
            component = component with { Properties = [.. component.Properties, new Property(ImagePropertyNames.Path, found.DatabasePath)] };
            set.Add(component);
            set.Edge(osRef, component.BomRef!);
        }

        var frameworkRefs = new List<string>();
        foreach (FoundFramework framework in findings.Frameworks)
        {
            string purl = new PackageUrl("generic", null, framework.Name, framework.Version).ToString();
            set.Add(new Component
            {
                Type = ComponentTypes.Framework,
                Name = framework.Name,
                Version = framework.Version,
                Purl = purl,
                BomRef = purl,
                Scope = ComponentScopes.Required,
                Properties =
                [
                    new Property(PropertyNames.DotNetRuntime, "true"),
                    new Property(PropertyNames.RuntimeVersionKind, "exact"),
                    new Property(ImagePropertyNames.Path, framework.Path),
                ],
            });
            set.Edge(null, purl);
            if (string.Equals(framework.Name, "Microsoft.NETCore.App", StringComparison.Ordinal))
            {
                frameworkRefs.Add(purl);
            }
        }

        foreach (FoundApp app in findings.Apps)
        {
            set.AddApp(app, frameworkRefs, findings.Warnings, cancellationToken);
        }

        foreach (FoundClientLibraries found in findings.ClientLibraries)
        {
            var appProperty = new Property(ImagePropertyNames.AppPath, found.DepsPath);
            foreach (ClientLibrary library in found.Libraries)
            {
                Component component = ClientLibraryComponents.ToComponent(library, found.AppDirectory);
                set.Add(component with { Properties = [.. component.Properties, appProperty] });
                set.Edge($"image-app:{found.DepsPath}", component.BomRef!);
            }
        }

        return set;
    }

    private string AddOperatingSystem(OsRelease os)
    {
        string bomRef = $"operating-system:{os.Id}@{os.VersionId}";
        var properties = new List<Property>();
        if (os.VersionCodename is not null)
        {
            properties.Add(new Property(ImagePropertyNames.OsCodename, os.VersionCodename));
        }

        Add(new Component { Type = ComponentTypes.OperatingSystem, Name = os.Id, Version = os.VersionId, Description = os.PrettyName, BomRef = bomRef, Properties = properties });
        Edge(null, bomRef);
        return bomRef;
    }

    private void AddApp(FoundApp found, IReadOnlyList<string> frameworkRefs, List<Warning> warnings, CancellationToken cancellationToken)
    {
        Bom bom;
        try
        {
            bom = DepsAppInventory.Build(found.Text, found.DepsPath, cancellationToken);
        }
        catch (InvalidInputException ex)
        {
            // One broken deps.json must not hide the rest of the image.
            warnings.Add(new Warning(ex.Code, $"{found.DepsPath}: {ex.Message}; this application's packages are not in the SBOM", found.DepsPath));
            return;
        }

        Component app = bom.Metadata!.Component!;
        string appRef = $"image-app:{found.DepsPath}";
        Add(app with { BomRef = appRef, Properties = [.. app.Properties, new Property(ImagePropertyNames.AppPath, found.DepsPath)] });
        Edge(null, appRef);
        var appProperty = new Property(ImagePropertyNames.AppPath, found.DepsPath);
        foreach (Component component in bom.Components)
        {
            Add(component with { Properties = [.. component.Properties, appProperty] });
        }

        foreach (Dependency dependency in bom.Dependencies)
        {
            string from = dependency.Ref == app.BomRef ? appRef : dependency.Ref;
            foreach (string to in dependency.DependsOn)
            {
                Edge(from, to);
            }
        }

        // A framework-dependent app (no runtime pack) runs on the shared framework installed in the image.
        if (!bom.Components.Any(c => c.GetProperty(PropertyNames.DotNetRuntime) == "true"))
        {
            foreach (string framework in frameworkRefs)
            {
                Edge(appRef, framework);
            }
        }
    }

    /// <summary>Adds a component; a second app shipping the same package adds its app-path to the first.</summary>
    private void Add(Component component)
    {
        string bomRef = component.BomRef!;
        _edges.TryAdd(bomRef, new SortedSet<string>(StringComparer.Ordinal));
        if (_components.TryGetValue(bomRef, out Component? existing))
        {
            IEnumerable<Property> extra = component.Properties.Where(p => p.Name == ImagePropertyNames.AppPath && !existing.Properties.Contains(p));
            _components[bomRef] = existing with { Properties = [.. existing.Properties, .. extra] };
            return;
        }

        _components.Add(bomRef, component);
    }

    /// <summary>An edge; a null source means the image itself.</summary>
    private void Edge(string? from, string to)
    {
        if (from is null)
        {
            TopLevel.Add(to);
        }
        else if (!string.Equals(from, to, StringComparison.Ordinal))
        {
            _edges.TryAdd(from, new SortedSet<string>(StringComparer.Ordinal));
            _edges[from].Add(to);
        }
    }
}
