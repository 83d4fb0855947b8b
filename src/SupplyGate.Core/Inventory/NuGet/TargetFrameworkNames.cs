using System.Globalization;

namespace SupplyGate.Core.Inventory.NuGet;

/// <summary>
/// Maps framework spellings to one comparable form. Assets files key targets by alias (<c>net8.0</c>) or, in
/// older files and for .NET Framework, by full name (<c>.NETCoreApp,Version=v2.1</c>, <c>.NETFramework,Version=v4.7.2</c>).
/// Short names follow https://learn.microsoft.com/nuget/reference/target-frameworks.
/// </summary>
internal static class TargetFrameworkNames
{
    private const string NetCoreApp = ".NETCoreApp";
    private const string NetStandard = ".NETStandard";
    private const string NetFramework = ".NETFramework";

    /// <summary>
    /// <c>net10.0</c>, <c>netcoreapp2.1</c>, <c>netstandard2.0</c>, <c>net472</c> or a full name →
    /// <c>.NETCoreApp,Version=v10.0</c> etc. (plus <c>-platform</c>); unknown spellings are lowercased as-is.
    /// </summary>
    public static string Canonical(string framework)
    {
        string s = framework.Trim();
        if (s.Contains(',', StringComparison.Ordinal))
        {
            return CanonicalLongName(s);
        }

        string lower = s.ToLowerInvariant();
        string platform = string.Empty;
        int dash = lower.IndexOf('-', StringComparison.Ordinal);
        if (dash > 0)
        {
            platform = lower[dash..];
            lower = lower[..dash];
        }

        string? result = lower switch
        {
            _ when lower.StartsWith("netcoreapp", StringComparison.Ordinal) => Full(NetCoreApp, lower["netcoreapp".Length..]),
            _ when lower.StartsWith("netstandard", StringComparison.Ordinal) => Full(NetStandard, lower["netstandard".Length..]),
            _ when lower.StartsWith("net", StringComparison.Ordinal) && lower.Contains('.', StringComparison.Ordinal)
                => Full(NetCoreApp, lower[3..]),
            _ when lower.StartsWith("net", StringComparison.Ordinal) => Full(NetFramework, lower[3..]),
            _ => null,
        };
        return result is null ? s.ToLowerInvariant() : result + platform;
    }

    /// <summary>True when two spellings name the same framework.</summary>
    public static bool AreSame(string a, string b) =>
        string.Equals(Canonical(a), Canonical(b), StringComparison.OrdinalIgnoreCase);

    private static string? Full(string identifier, string version)
    {
        if (version.Length == 0 || !version.All(c => char.IsAsciiDigit(c) || c == '.'))
        {
            return null;
        }

        // "472" (no dots) is one digit per part: 4.7.2.
        string[] parts = version.Contains('.', StringComparison.Ordinal)
            ? version.Split('.')
            : version.Select(c => c.ToString()).ToArray();
        return $"{identifier},Version=v{NormaliseVersion(parts)}";
    }

    private static string CanonicalLongName(string name)
    {
        string[] pieces = name.Split(',', StringSplitOptions.TrimEntries);
        string identifier = pieces[0];
        var rest = new List<string>();
        string? version = null;
        foreach (string piece in pieces.Skip(1))
        {
            if (piece.StartsWith("Version=", StringComparison.OrdinalIgnoreCase))
            {
                version = piece["Version=".Length..].TrimStart('v', 'V');
            }
            else
            {
                rest.Add(piece.ToLowerInvariant());
            }
        }

        string known = new[] { NetCoreApp, NetStandard, NetFramework }
            .FirstOrDefault(k => string.Equals(k, identifier, StringComparison.OrdinalIgnoreCase)) ?? identifier;
        string result = version is null ? known : $"{known},Version=v{NormaliseVersion(version.Split('.'))}";
        return rest.Count == 0 ? result : result + "," + string.Join(',', rest);
    }

    private static string NormaliseVersion(string[] parts)
    {
        var numbers = parts.Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : 0).ToList();
        while (numbers.Count < 2)
        {
            numbers.Add(0);
        }

        while (numbers.Count > 2 && numbers[^1] == 0)
        {
            numbers.RemoveAt(numbers.Count - 1);
        }

        return string.Join('.', numbers.Select(n => n.ToString(CultureInfo.InvariantCulture)));
    }
}
