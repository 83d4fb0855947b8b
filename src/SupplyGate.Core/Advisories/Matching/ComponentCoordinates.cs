using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Advisories.Matching;

/// <summary>Where to look a component up: an ecosystem, a package name and the installed version.</summary>
internal sealed record PackageCoordinate(string Ecosystem, string Name, string Version);

/// <summary>
/// Maps an SBOM component to the advisory coordinates it can match (docs/architecture.md decision 5): NuGet packages
/// by id; OS packages by <b>source</b> package and distro release; the .NET runtime by framework name
/// against the release metadata.
/// </summary>
internal static class ComponentCoordinates
{
    public static IReadOnlyList<PackageCoordinate> For(Component component)
    {
        ArgumentNullException.ThrowIfNull(component);
        // A shared framework a framework-dependent app requires: its version is a minimum, and the host runs its
        // newest patch, so CVEs are not matched against it (RuntimeHostPatch reports what the host must run).
        if (component.Purl is null || !PackageUrl.TryParse(component.Purl, out PackageUrl? purl) || purl?.Version is null
            || RuntimeComponents.IsHostProvided(component))
        {
            return [];
        }

        var result = new List<PackageCoordinate>();
        if (component.GetProperty(PropertyNames.DotNetRuntime) is not null && RuntimeComponents.FrameworkOf(component.Name) is { } framework)
        {
            result.Add(new PackageCoordinate(Ecosystems.DotNetRuntime, framework, purl.Version));
        }

        switch (purl.Type)
        {
            case "nuget":
                result.Add(new PackageCoordinate(Ecosystems.NuGet, purl.Name, purl.Version));
                break;
            case "npm":
                result.Add(new PackageCoordinate(Ecosystems.Npm, purl.Namespace is { Length: > 0 } scope ? $"{scope}/{purl.Name}" : purl.Name, purl.Version));
                break;
            case "deb":
                AddOs(result, component, purl, DebianEcosystems(purl));
                break;
            case "apk":
                AddOs(result, component, purl, AlpineEcosystems(purl));
                break;
        }

        return result;
    }

    private static void AddOs(List<PackageCoordinate> result, Component component, PackageUrl purl, IEnumerable<string> ecosystems)
    {
        string source = component.GetProperty(PropertyNames.OsSourceName)
            ?? (purl.Qualifiers.TryGetValue("upstream", out string? upstream) ? upstream : purl.Name);
        string version = component.GetProperty(PropertyNames.OsSourceVersion) ?? purl.Version!;
        foreach (string ecosystem in ecosystems)
        {
            result.Add(new PackageCoordinate(ecosystem, source, version));
        }
    }

    /// <summary><c>distro=debian-12</c>, <c>debian-12.11</c> or <c>bookworm</c> → <c>Debian:12</c>; plain <c>Debian</c> too.</summary>
    private static IEnumerable<string> DebianEcosystems(PackageUrl purl)
    {
        if (purl.Qualifiers.TryGetValue("distro", out string? distro))
        {
            string release = distro.StartsWith("debian-", StringComparison.OrdinalIgnoreCase) ? distro["debian-".Length..].Split('.')[0]
                : DebianReleases.NumberOf(distro);
            yield return $"{Ecosystems.Debian}:{release}";
        }

        yield return Ecosystems.Debian;
    }

    /// <summary><c>distro=alpine-3.18.4</c> → <c>Alpine:v3.18</c> (OSV requires the <c>:v</c>).</summary>
    private static IEnumerable<string> AlpineEcosystems(PackageUrl purl)
    {
        if (purl.Qualifiers.TryGetValue("distro", out string? distro))
        {
            string[] parts = (distro.StartsWith("alpine-", StringComparison.OrdinalIgnoreCase) ? distro["alpine-".Length..] : distro).Split('.');
            if (parts.Length >= 2)
            {
                yield return $"{Ecosystems.Alpine}:v{parts[0]}.{parts[1]}";
            }
        }
    }
}
