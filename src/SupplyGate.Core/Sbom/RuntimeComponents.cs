namespace SupplyGate.Core.Sbom;

/// <summary>How the .NET runtime appears among an SBOM's components (docs/runtime.md).</summary>
public static class RuntimeComponents
{
    private static readonly string[] Frameworks = ["Microsoft.NETCore.App", "Microsoft.AspNetCore.App", "Microsoft.WindowsDesktop.App"];

    /// <summary>Microsoft.NETCore.App.Runtime.linux-x64 → Microsoft.NETCore.App; a shared framework keeps its name; null otherwise.</summary>
    public static string? FrameworkOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        int runtime = name.IndexOf(".Runtime.", StringComparison.Ordinal);
        string framework = runtime > 0 ? name[..runtime] : name;
        return Frameworks.FirstOrDefault(f => string.Equals(f, framework, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Microsoft.NETCore.App, Microsoft.AspNetCore.App, Microsoft.WindowsDesktop.App and their runtime packs.</summary>
    public static bool IsDotNetFramework(string name) => FrameworkOf(name) is not null;

    /// <summary>True for a shared framework the app requires of the host: not shipped, its version a minimum.</summary>
    public static bool IsHostProvided(Component component)
    {
        ArgumentNullException.ThrowIfNull(component);
        return string.Equals(component.GetProperty(PropertyNames.RuntimeProvidedBy), RuntimeProviders.Host, StringComparison.Ordinal)
            || string.Equals(component.GetProperty(PropertyNames.RuntimeVersionKind), "minimum", StringComparison.Ordinal);
    }
}
