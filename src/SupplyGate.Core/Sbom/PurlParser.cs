namespace SupplyGate.Core.Sbom;

/// <summary>
/// Parses purl strings following purl-spec docs/specification/how-to-parse (docs/architecture.md spec 2): split off
/// <c>#subpath</c>, then <c>?qualifiers</c>, the scheme, the type, <c>@version</c> (from the right), and
/// finally namespace and name.
/// </summary>
internal static class PurlParser
{
    /// <summary>Null on success, otherwise why the string is not a purl.</summary>
    public static string? TryParse(string value, out PackageUrl? purl)
    {
        purl = null;
        string rest = value.Trim();

        string? subpath = null;
        int hash = rest.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            List<string> segments = [];
            foreach (string segment in rest[(hash + 1)..].Split('/'))
            {
                if (!TryDecode(segment, out string? decoded))
                {
                    return "bad percent-encoding in the subpath";
                }

                segments.Add(decoded);
            }

            subpath = string.Join('/', segments);
            rest = rest[..hash];
        }

        List<KeyValuePair<string, string>> qualifiers = [];
        int question = rest.IndexOf('?', StringComparison.Ordinal);
        if (question >= 0)
        {
            foreach (string pair in rest[(question + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                int eq = pair.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0)
                {
                    return $"qualifier '{pair}' has no key=value form";
                }

                if (!TryDecode(pair[(eq + 1)..], out string? decodedValue))
                {
                    return "bad percent-encoding in a qualifier value";
                }

                qualifiers.Add(new(pair[..eq], decodedValue));
            }

            rest = rest[..question];
        }

        int colon = rest.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || !string.Equals(rest[..colon], "pkg", StringComparison.OrdinalIgnoreCase))
        {
            return "the scheme is not 'pkg:'";
        }

        // Parsers drop any '/' right after the scheme (pkg://type/...).
        rest = rest[(colon + 1)..].TrimStart('/');
        int slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            return "no type/name";
        }

        string type = rest[..slash];
        rest = rest[(slash + 1)..];

        string? version = null;
        int at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            if (!TryDecode(rest[(at + 1)..], out version))
            {
                return "bad percent-encoding in the version";
            }

            rest = rest[..at];
        }

        string[] parts = rest.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            return "the name is empty";
        }

        var decodedParts = new List<string>(parts.Length);
        foreach (string part in parts)
        {
            if (!TryDecode(part, out string? decoded))
            {
                return "bad percent-encoding in the namespace or name";
            }

            if (decoded.Contains('/', StringComparison.Ordinal))
            {
                return "a namespace or name segment contains an encoded '/'";
            }

            decodedParts.Add(decoded);
        }

        string name = decodedParts[^1];
        string? ns = decodedParts.Count > 1 ? string.Join('/', decodedParts.Take(decodedParts.Count - 1)) : null;

        string? error = PurlRules.Validate(type, ns, name, qualifiers, out _);
        if (error is not null)
        {
            return error;
        }

        try
        {
            purl = new PackageUrl(type, ns, name, version, qualifiers, subpath);
            return null;
        }
        catch (ArgumentException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>Percent-decodes UTF-8; false on a truncated or non-hex triplet or invalid UTF-8.</summary>
    public static bool TryDecode(string value, out string decoded)
    {
        if (!value.Contains('%', StringComparison.Ordinal))
        {
            decoded = value;
            return true;
        }

        var bytes = new List<byte>(value.Length);
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (c == '%')
            {
                if (i + 2 >= value.Length || !char.IsAsciiHexDigit(value[i + 1]) || !char.IsAsciiHexDigit(value[i + 2]))
                {
                    decoded = string.Empty;
                    return false;
                }

                bytes.Add(Convert.ToByte(value.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.AddRange(System.Text.Encoding.UTF8.GetBytes(c.ToString()));
            }
        }

        try
        {
            decoded = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes.ToArray());
            return true;
        }
        catch (System.Text.DecoderFallbackException)
        {
            decoded = string.Empty;
            return false;
        }
    }
}
