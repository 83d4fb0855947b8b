namespace SupplyGate.Core.Attestations;

/// <summary>
/// Base64 as DSSE and the protobuf JSON mapping use it: written as standard base64 with padding, read as
/// standard or URL-safe, padded or not, line breaks ignored (docs/architecture.md spec 4: "verifiers must accept either";
/// `base64` wraps at 76 columns, and a conformance bundle carries such a token).
/// </summary>
internal static class Base64Value
{
    public static string Encode(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes);

    /// <summary>Decodes <paramref name="text"/>, or throws what <paramref name="fail"/> makes of the reason.</summary>
    public static byte[] Decode(string? text, string field, Func<string, Exception> fail)
    {
        if (text is null)
        {
            throw fail($"{field} is missing");
        }

        var normalized = new System.Text.StringBuilder(text.Length + 2);
        foreach (char c in text)
        {
            switch (c)
            {
                case '-': normalized.Append('+'); break;
                case '_': normalized.Append('/'); break;
                case ' ' or '\r' or '\n' or '\t': break;
                default: normalized.Append(c); break;
            }
        }

        int remainder = normalized.Length % 4;
        if (remainder == 1)
        {
            throw fail($"{field} is not valid base64");
        }

        if (remainder != 0)
        {
            normalized.Append('=', 4 - remainder);
        }

        byte[] buffer = new byte[normalized.Length / 4 * 3];
        return Convert.TryFromBase64String(normalized.ToString(), buffer, out int written)
            ? buffer.AsSpan(0, written).ToArray()
            : throw fail($"{field} is not valid base64");
    }
}
