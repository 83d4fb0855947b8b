using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace SupplyGate.Core.Sbom;

/// <summary>
/// A package URL: <c>pkg:type/namespace/name@version?qualifiers#subpath</c>.
/// Spec: docs/architecture.md spec 2, package-url/purl-spec@16f3d0e3 docs/specification/standard/specification.md.
/// </summary>
/// <remarks>
/// Components are stored decoded and normalised per type, so <see cref="ToString"/> is the canonical form and
/// two purls are equal exactly when their canonical forms are. Construction validates; there is no way to
/// hold an invalid purl.
/// </remarks>
public sealed record PackageUrl
{
    private static readonly IReadOnlyDictionary<string, string> NoQualifiers =
        new SortedDictionary<string, string>(StringComparer.Ordinal);

    private readonly string _canonical;

    /// <summary>Creates a purl from decoded parts; normalises type-specific casing and drops empty qualifiers.</summary>
    /// <exception cref="ArgumentException">A part breaks the purl rules (bad type, empty name, bad qualifier key …).</exception>
    public PackageUrl(
        string type,
        string? @namespace,
        string name,
        string? version = null,
        IEnumerable<KeyValuePair<string, string>>? qualifiers = null,
        string? subpath = null)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(name);

        string? error = PurlRules.Validate(type, @namespace, name, qualifiers, out SortedDictionary<string, string> sorted);
        if (error is not null)
        {
            throw new ArgumentException(error, nameof(type));
        }

        Type = type.ToLowerInvariant();
        (Namespace, Name) = PurlRules.NormaliseNamespaceAndName(Type, EmptyToNull(@namespace?.Trim('/')), name);
        if (string.Equals(Type, "oci", StringComparison.Ordinal) || string.Equals(Type, "nuget", StringComparison.Ordinal))
        {
            if (Namespace is not null)
            {
                throw new ArgumentException($"purl type '{Type}' has no namespace.", nameof(@namespace));
            }
        }

        Version = EmptyToNull(version);
        Qualifiers = sorted.Count == 0 ? NoQualifiers : sorted;
        Subpath = EmptyToNull(PurlRules.NormaliseSubpath(subpath));
        _canonical = PurlRules.Format(this);
    }

    /// <summary>Lowercase package type, e.g. <c>nuget</c>, <c>deb</c>, <c>oci</c>.</summary>
    public string Type { get; }

    /// <summary>Decoded namespace; segments separated by <c>/</c>. Null when absent.</summary>
    public string? Namespace { get; }

    /// <summary>Decoded name.</summary>
    public string Name { get; }

    /// <summary>Decoded version, opaque.</summary>
    public string? Version { get; }

    /// <summary>Decoded qualifiers, sorted by key (ordinal), without empty values.</summary>
    public IReadOnlyDictionary<string, string> Qualifiers { get; }

    /// <summary>Decoded subpath without <c>.</c>, <c>..</c> and empty segments. Null when absent.</summary>
    public string? Subpath { get; }

    /// <summary><c>pkg:nuget/&lt;Id&gt;@&lt;Version&gt;</c>; the id keeps its case (SPECS §2, nuget row).</summary>
    public static PackageUrl NuGet(string id, string version) => new("nuget", null, id, version);

    /// <summary>Parses a purl string (decoding <c>%3A</c> as well as a bare <c>:</c>, SPECS §0.10).</summary>
    /// <exception cref="FormatException">The string is not a valid purl.</exception>
    public static PackageUrl Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        string? error = PurlParser.TryParse(value, out PackageUrl? purl);
        return purl ?? throw new FormatException($"Invalid package URL '{value}': {error}");
    }

    /// <summary>Parses a purl string; false (and null) when it is invalid.</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, [NotNullWhen(true)] out PackageUrl? purl)
    {
        purl = null;
        return value is not null && PurlParser.TryParse(value, out purl) is null;
    }

    /// <summary>The canonical form (SPECS §2): percent-encoded parts, <c>:</c> never encoded, sorted qualifiers.</summary>
    public override string ToString() => _canonical;

    public bool Equals(PackageUrl? other) =>
        other is not null && string.Equals(_canonical, other._canonical, StringComparison.Ordinal);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_canonical);

    private static string? EmptyToNull(string? value) => string.IsNullOrEmpty(value) ? null : value;
}

/// <summary>Validation, normalisation and formatting rules shared by the constructor and the parser.</summary>
internal static class PurlRules
{
    public static string? Validate(
        string type,
        string? ns,
        string name,
        IEnumerable<KeyValuePair<string, string>>? qualifiers,
        out SortedDictionary<string, string> sorted)
    {
        sorted = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (!IsValidType(type))
        {
            return $"type '{type}' must start with a letter and contain only ASCII letters, digits, '.' and '-'";
        }

        if (name.Trim('/').Length == 0)
        {
            return "the name is empty";
        }

        if (name.Trim('/').Contains('/', StringComparison.Ordinal))
        {
            return "the name contains '/'";
        }

        if (ns is not null && ns.Trim('/').Split('/').Any(s => s.Length == 0))
        {
            return "a namespace segment is empty";
        }

        foreach ((string key, string value) in qualifiers ?? [])
        {
            if (!IsValidQualifierKey(key))
            {
                return $"qualifier key '{key}' must be lowercase ASCII letters, digits, '.', '-' or '_' and start with a letter";
            }

            if (string.IsNullOrEmpty(value))
            {
                continue; // empty-valued pairs are dropped (spec)
            }

            if (!sorted.TryAdd(key, value))
            {
                return $"qualifier key '{key}' appears twice";
            }
        }

        return null;
    }

    public static (string? Namespace, string Name) NormaliseNamespaceAndName(string type, string? ns, string name)
    {
        name = name.Trim('/');
        switch (type)
        {
            // Type definitions (purl-spec docs/types/definitions): these are case-insensitive registries.
            case "deb":
            case "apk":
            case "github":
            case "bitbucket":
                return (ns?.ToLowerInvariant(), name.ToLowerInvariant());
            case "rpm":
                return (ns?.ToLowerInvariant(), name);
            case "oci":
                return (ns, name.ToLowerInvariant());
            case "pypi":
                return (ns, name.ToLowerInvariant().Replace('_', '-'));
            default:
                return (ns, name);
        }
    }

    public static string? NormaliseSubpath(string? subpath)
    {
        if (subpath is null)
        {
            return null;
        }

        IEnumerable<string> segments = subpath.Split('/')
            .Where(s => s.Length > 0 && s != "." && s != "..");
        return string.Join('/', segments);
    }

    public static string Format(PackageUrl purl)
    {
        var sb = new System.Text.StringBuilder("pkg:");
        sb.Append(purl.Type).Append('/');
        if (purl.Namespace is not null)
        {
            sb.Append(string.Join('/', purl.Namespace.Split('/').Select(s => Encode(s)))).Append('/');
        }

        sb.Append(Encode(purl.Name));
        if (purl.Version is not null)
        {
            sb.Append('@').Append(Encode(purl.Version));
        }

        if (purl.Qualifiers.Count > 0)
        {
            sb.Append('?');
            sb.AppendJoin('&', purl.Qualifiers.Select(q =>
                q.Key + "=" + Encode(q.Value, keepComma: string.Equals(q.Key, "checksum", StringComparison.Ordinal))));
        }

        if (purl.Subpath is not null)
        {
            sb.Append('#').Append(string.Join('/', purl.Subpath.Split('/').Select(s => Encode(s))));
        }

        return sb.ToString();
    }

    /// <summary>
    /// UTF-8 then RFC 3986 percent-encoding; alphanumerics, <c>.-_~</c> and <c>:</c> stay (SPECS §2 "Encoding").
    /// <c>checksum</c> keeps its <c>,</c> because there it separates list items.
    /// </summary>
    public static string Encode(string value, bool keepComma = false)
    {
        var sb = new System.Text.StringBuilder(value.Length);
        foreach (byte b in System.Text.Encoding.UTF8.GetBytes(value))
        {
            char c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '~' or ':' || (keepComma && c == ','))
            {
                sb.Append(c);
            }
            else
            {
                sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }

    public static bool IsValidType(string type) =>
        type.Length > 0 && char.IsAsciiLetter(type[0]) && type.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-');

    public static bool IsValidQualifierKey(string key) =>
        key.Length > 0 && char.IsAsciiLetterLower(key[0])
        && key.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '-' or '_');
}
