using System.Security.Cryptography;
using System.Text;

namespace SupplyGate.Core.Secrets;

/// <summary>
/// Values that look like secrets but are not: empty, templated (<c>${DB_PASSWORD}</c>, <c>&lt;password&gt;</c>,
/// <c>#{Secret}#</c>), filler (<c>xxxx</c>, <c>changeme</c>) and keys published in vendor documentation
/// (<c>AKIAIOSFODNN7EXAMPLE</c>, the Azurite development key).
/// </summary>
internal static class SecretPlaceholders
{
    private static readonly HashSet<string> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        "changeme", "change_me", "change-me", "changeit", "password", "passwd", "pass", "pwd", "secret",
        "yourpassword", "your_password", "your-password", "mypassword", "my_password", "placeholder",
        "redacted", "dummy", "none", "null", "nil", "undefined", "todo", "tbd", "replaceme", "replace_me",
        "replace-me", "fixme", "sample", "test", "testing", "default", "notset", "not-set", "empty",
    };

    /// <summary>Markers anywhere in a value that say "fill me in" (see <see cref="IsConventionalFiller"/>).</summary>
    private static readonly string[] FillerMarkers =
    [
        "changeme", "change_me", "change-me", "change_this", "change-this", "changethis", "replaceme", "replace_me",
        "replace-me", "replace_with", "replace-with", "placeholder", "insert_", "insert-", "fillme", "fill_me", "fill-me",
        "xxxx", "****",
    ];

    /// <summary>
    /// SHA-256 (hex) of well-known public sample secrets, stored hashed so this repository does not itself
    /// look like it holds a key: the Azurite/Storage Emulator account key.
    /// </summary>
    private static readonly HashSet<string> KnownPublicSha256 = new(StringComparer.Ordinal)
    {
        "0011cc25eb4320717494d2703e8cba85743e71b500283c21c8b88147992f9059",
    };

    public static bool IsPlaceholder(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        string v = Unquote(value.Trim());
        return v.Length == 0
            || !v.Any(char.IsLetterOrDigit)
            || IsTemplate(v)
            || v.Distinct().Count() == 1
            || Words.Contains(v)
            || IsConventionalFiller(v)
            || v.Contains("EXAMPLE", StringComparison.OrdinalIgnoreCase)
            || KnownPublicSha256.Contains(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(v))));
    }

    /// <summary>
    /// Fill-in-the-blank conventions of samples and templates: <c>your…</c> (<c>yourWeak(!)Password</c>,
    /// <c>YOUR_API_KEY</c>), a value that tells the reader to change or replace it, or runs of <c>x</c>/<c>*</c>.
    /// </summary>
    private static bool IsConventionalFiller(string v)
    {
        string lower = v.ToLowerInvariant();
        return lower.StartsWith("your", StringComparison.Ordinal)
            || FillerMarkers.Any(m => lower.Contains(m, StringComparison.Ordinal));
    }

    private static string Unquote(string v) =>
        v.Length >= 2 && (v[0] == '"' || v[0] == '\'') && v[^1] == v[0] ? v[1..^1].Trim() : v;

    /// <summary>Substitution syntaxes of shells, MSBuild, Helm/Mustache, Octopus, Azure DevOps, Windows.</summary>
    private static bool IsTemplate(string v) =>
        (v.StartsWith('<') && v.EndsWith('>'))
        || (v.StartsWith("${", StringComparison.Ordinal) && v.EndsWith('}'))
        || (v.StartsWith("$(", StringComparison.Ordinal) && v.EndsWith(')'))
        || (v.StartsWith("{{", StringComparison.Ordinal) && v.EndsWith("}}", StringComparison.Ordinal))
        || (v.StartsWith("#{", StringComparison.Ordinal) && (v.EndsWith('}') || v.EndsWith("}#", StringComparison.Ordinal)))
        || (v.StartsWith("__", StringComparison.Ordinal) && v.EndsWith("__", StringComparison.Ordinal) && v.Length > 4)
        || (v.Length > 2 && v.StartsWith('%') && v.EndsWith('%'))
        || (v.Length > 1 && v[0] == '$' && v.Skip(1).All(c => char.IsAsciiLetterOrDigit(c) || c == '_'));
}
