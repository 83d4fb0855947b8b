using System.Globalization;

namespace SupplyGate.Core.Secrets;

/// <summary>How a secret is shown: a short prefix (it tells a key id from a token) and the length.</summary>
internal static class SecretRedaction
{
    public const string Mask = "****";

    /// <summary>
    /// <c>AKIA**** (20 chars)</c>. At most 4 characters and at most a quarter of the value are shown, so a
    /// short password keeps nearly all of its characters hidden.
    /// </summary>
    public static string Redact(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        int visible = Math.Min(4, secret.Length / 4);
        string prefix = secret[..visible].ReplaceLineEndings(" ");
        return string.Create(CultureInfo.InvariantCulture, $"{prefix}{Mask} ({secret.Length} chars)");
    }
}
