using NuGet.Frameworks;

namespace SupplyGate.Core.Inventory.NuGet;

/// <summary>
/// Compares framework spellings through NuGet's own parser. Assets files key targets by alias (<c>net8.0</c>) or,
/// in older files and for .NET Framework, by full name (<c>.NETCoreApp,Version=v2.1</c>,
/// <c>.NETFramework,Version=v4.7.2</c>); both spellings are https://learn.microsoft.com/nuget/reference/target-frameworks.
/// </summary>
internal static class TargetFrameworkNames
{
    /// <summary>True when two spellings name the same framework (and platform, if any).</summary>
    public static bool AreSame(string a, string b)
    {
        NuGetFramework? left = Parse(a);
        NuGetFramework? right = Parse(b);
        return left is not null && right is not null && !left.IsUnsupported && !right.IsUnsupported
            ? left.Equals(right)
            : string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);
    }

    private static NuGetFramework? Parse(string framework)
    {
        try
        {
            return NuGetFramework.Parse(framework.Trim());
        }
        catch (ArgumentException)
        {
            // A malformed full name (".NETCoreApp,Version=vX"): no framework, so only an identical spelling matches.
            return null;
        }
    }
}
