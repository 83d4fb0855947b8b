namespace SupplyGate.Core.Oci.Registry;

/// <summary>
/// A parsed <c>WWW-Authenticate</c> challenge (RFC 7235 §4.1; distribution docs/spec/auth/token.md):
/// <c>Bearer realm="…",service="…",scope="repository:a/b:pull,push"</c> or <c>Basic realm="…"</c>.
/// </summary>
internal sealed record AuthChallenge(string Scheme, IReadOnlyDictionary<string, string> Parameters)
{
    public bool IsBearer => string.Equals(Scheme, "Bearer", StringComparison.OrdinalIgnoreCase);

    public bool IsBasic => string.Equals(Scheme, "Basic", StringComparison.OrdinalIgnoreCase);

    public string? this[string name] => Parameters.TryGetValue(name, out string? value) ? value : null;

    public static AuthChallenge? Parse(string scheme, string? parameter)
    {
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string text = parameter ?? string.Empty;
        int i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && (text[i] == ',' || char.IsWhiteSpace(text[i])))
            {
                i++;
            }

            int equals = text.IndexOf('=', i);
            if (equals < 0)
            {
                break;
            }

            string key = text[i..equals].Trim();
            i = equals + 1;
            string value;
            if (i < text.Length && text[i] == '"')
            {
                // Quoted values may hold commas (scope="repository:a:pull,push") and backslash escapes.
                var builder = new System.Text.StringBuilder();
                i++;
                while (i < text.Length && text[i] != '"')
                {
                    if (text[i] == '\\' && i + 1 < text.Length)
                    {
                        i++;
                    }

                    builder.Append(text[i]);
                    i++;
                }

                i++;
                value = builder.ToString();
            }
            else
            {
                int end = text.IndexOf(',', i);
                end = end < 0 ? text.Length : end;
                value = text[i..end].Trim();
                i = end;
            }

            if (key.Length > 0)
            {
                parameters[key] = value;
            }
        }

        return string.IsNullOrWhiteSpace(scheme) ? null : new AuthChallenge(scheme, parameters);
    }
}

/// <summary>What a request needs: pull (and push) on a repository, and pull on a mount source (docs/architecture.md spec 7 Auth 4).</summary>
internal sealed record RegistryScope(string? Repository, bool Push = false, string? MountFrom = null)
{
    public static readonly RegistryScope None = new((string?)null);

    public IReadOnlyList<string> Scopes
    {
        get
        {
            var scopes = new List<string>();
            if (Repository is not null)
            {
                scopes.Add($"repository:{Repository}:" + (Push ? "pull,push" : "pull"));
            }

            if (MountFrom is not null)
            {
                scopes.Add($"repository:{MountFrom}:pull");
            }

            return scopes;
        }
    }

    public string Key => string.Join(' ', Scopes);
}
