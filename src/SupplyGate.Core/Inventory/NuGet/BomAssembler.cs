using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Inventory.NuGet;

/// <summary>
/// Turns the classified inventory graph into CycloneDX components and a <c>dependencies</c> entry for every
/// component and the application (docs/architecture.md spec 1 "dependencies"). Order is left to the BOM finalizer.
/// </summary>
internal static class BomAssembler
{
    public static Bom Assemble(
        InventoryGraph graph,
        ShippingClassifier classifier,
        Component app,
        IReadOnlyList<Property> bomProperties,
        CancellationToken cancellationToken)
    {
        var components = new List<Component>(graph.Nodes.Count);
        var refs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (InventoryNode node in graph.Nodes.Values.OrderBy(n => n.Key, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            Component component = ToComponent(node, classifier.Classify(node));
            components.Add(component);
            refs[node.Key] = component.BomRef!;
        }

        string appRef = app.BomRef!;
        var dependencies = new List<Dependency>(components.Count + 1)
        {
            new(appRef, Refs(graph.AppDependsOn, refs, appRef)),
        };
        foreach (InventoryNode node in graph.Nodes.Values.OrderBy(n => n.Key, StringComparer.Ordinal))
        {
            string self = refs[node.Key];
            dependencies.Add(new Dependency(self, Refs(node.Edges, refs, self)));
        }

        return new Bom
        {
            Metadata = new BomMetadata { Component = app },
            Components = components,
            Dependencies = dependencies,
            Properties = bomProperties,
        };
    }

    /// <summary>The application as <c>metadata.component</c>: <c>pkg:generic/&lt;name&gt;@&lt;version&gt;</c>, bom-ref = purl.</summary>
    public static Component Application(string name, string? version)
    {
        string purl = new PackageUrl("generic", null, name, version).ToString();
        return new Component { Type = ComponentTypes.Application, Name = name, Version = version, Purl = purl, BomRef = purl };
    }

    private static List<string> Refs(IEnumerable<string> keys, Dictionary<string, string> refs, string self) =>
        keys.Select(k => refs.GetValueOrDefault(k))
            .OfType<string>()
            .Where(r => !string.Equals(r, self, StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

    private static Component ToComponent(InventoryNode node, Classification classification)
    {
        var properties = new List<Property>();
        if (node.Kind is NodeKind.Package or NodeKind.Project)
        {
            properties.Add(new(PropertyNames.DependencyKind, node.Direct ? "direct" : "transitive"));
        }

        bool hostProvided = node.Kind is NodeKind.SharedFramework && node.VersionIsMinimum;
        if (!hostProvided)
        {
            properties.Add(classification.Evidence is not null
                ? new(PropertyNames.ShippedEvidence, classification.Evidence)
                : new(PropertyNames.ExcludedReason, classification.ExcludedReason));
        }

        properties.AddRange(node.TargetKeys.Select(t => new Property(PropertyNames.NuGetTarget, t)));
        if (node.AutoReferenced)
        {
            properties.Add(new(PropertyNames.NuGetAutoReferenced, "true"));
        }

        properties.AddRange(node.Nuspec?.LicenseProperties ?? []);
        if (node.ProjectPath is not null)
        {
            properties.Add(new(PropertyNames.ProjectPath, node.ProjectPath.Replace('\\', '/')));
        }

        if (node.Kind is NodeKind.RuntimePack or NodeKind.SharedFramework)
        {
            properties.Add(new(PropertyNames.DotNetRuntime, "true"));
        }

        if (node.Kind is NodeKind.SharedFramework)
        {
            // A framework-dependent app runs on the newest installed patch at least this version (roll-forward).
            properties.Add(new(PropertyNames.RuntimeVersionKind, node.VersionIsMinimum ? "minimum" : "exact"));
            if (hostProvided)
            {
                // Required at run time (CycloneDX scope "required") but provided by the host: CycloneDX 1.6 has no
                // component version range (1.7 adds isExternal/versionRange), so the range goes in properties.
                properties.Add(new(PropertyNames.RuntimeProvidedBy, RuntimeProviders.Host));
                properties.Add(new(PropertyNames.RuntimeRange, RuntimeRequirement.Range(node.Version, node.RollForward)));
                properties.Add(new(PropertyNames.RollForward, node.RollForward ?? RuntimeRequirement.DefaultRollForward));
            }
        }

        string purl = node.Kind is NodeKind.Package or NodeKind.RuntimePack
            ? PackageUrl.NuGet(node.Name, node.Version).ToString()
            : new PackageUrl("generic", null, node.Name, node.Version).ToString();
        return new Component
        {
            Type = node.Kind is NodeKind.RuntimePack or NodeKind.SharedFramework ? ComponentTypes.Framework : ComponentTypes.Library,
            Name = node.Name,
            Version = node.Version,
            Purl = purl,
            BomRef = purl,
            Scope = classification.Scope,
            Hashes = Sha512Hex(node.Sha512) is { } hex ? [new Hash(Hash.Sha512, hex)] : [],
            Licenses = node.Nuspec?.Licenses is { Count: > 0 } declared ? declared
                : node.Kind is NodeKind.RuntimePack or NodeKind.SharedFramework && RuntimeComponents.IsDotNetFramework(node.Name)
                    ? [new LicenseExpression(RuntimeRequirement.FrameworkLicense)]
                    : [],
            Properties = properties,
        };
    }

    /// <summary>The assets/deps.json <c>sha512</c> is base64 of the .nupkg hash; CycloneDX wants hex.</summary>
    internal static string? Sha512Hex(string? base64)
    {
        if (string.IsNullOrEmpty(base64))
        {
            return null;
        }

        Span<byte> bytes = stackalloc byte[64];
        return Convert.TryFromBase64String(base64, bytes, out int written) && written == 64
            ? Convert.ToHexStringLower(bytes)
            : null;
    }
}
