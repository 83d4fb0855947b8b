namespace SupplyGate.Core.Inventory.Os;

/// <summary>
/// The fields of os-release(5) SupplyGate reports. <see cref="Id"/> is lowercase (the spec allows only
/// <c>a-z0-9._-</c>); it names the purl vendor and, with <see cref="VersionId"/>, the <c>distro</c> qualifier.
/// </summary>
public sealed record OsRelease(string Id, string? VersionId, string? PrettyName, string? VersionCodename)
{
    /// <summary><c>debian-12</c>, <c>alpine-3.18.4</c>: the purl <c>distro</c> qualifier (docs/architecture.md spec 2, trivy's form).</summary>
    public string Distro => VersionId is null ? Id : $"{Id}-{VersionId}";
}

/// <summary>
/// Parses os-release(5) (freedesktop.org, https://www.freedesktop.org/software/systemd/man/os-release.html):
/// newline-separated <c>KEY=value</c> assignments with shell-style quoting; <c>#</c> comments and blank lines
/// are ignored; a file without <c>ID</c> defaults to <c>linux</c> as the spec says.
/// </summary>
public static class OsReleaseParser
{
    public static OsRelease Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string rawLine in text.Split('\n'))
        {
            string line = rawLine.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            int equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue; // the spec says to ignore lines that are not assignments
            }

            values[line[..equals].Trim()] = Unquote(line[(equals + 1)..].Trim());
        }

        string id = values.GetValueOrDefault("ID") is { Length: > 0 } value ? value.ToLowerInvariant() : "linux";
        return new OsRelease(id, Empty(values.GetValueOrDefault("VERSION_ID")), Empty(values.GetValueOrDefault("PRETTY_NAME")), Empty(values.GetValueOrDefault("VERSION_CODENAME")));
    }

    /// <summary>Shell-like: <c>"…"</c> with backslash escapes of <c>$ " \ `</c>, <c>'…'</c> literal, or bare.</summary>
    private static string Unquote(string value)
    {
        if (value.Length >= 2 && value[0] == '\'' && value[^1] == '\'')
        {
            return value[1..^1];
        }

        if (value.Length < 2 || value[0] != '"' || value[^1] != '"')
        {
            return value;
        }

        var sb = new System.Text.StringBuilder(value.Length);
        for (int i = 1; i < value.Length - 1; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length - 1 && value[i + 1] is '$' or '"' or '\\' or '`')
            {
                i++;
            }

            sb.Append(value[i]);
        }

        return sb.ToString();
    }

    private static string? Empty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
