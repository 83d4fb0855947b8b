namespace SupplyGate.Core.Tests.Secrets;

internal static class SecretAssert
{
    /// <summary>Neither the secret nor any 8-character run of it (past the 4 shown characters) is in <paramref name="output"/>.</summary>
    public static void DoesNotLeak(string secret, string output)
    {
        Assert.DoesNotContain(secret, output, StringComparison.Ordinal);
        for (int i = 4; i + 8 <= secret.Length; i++)
        {
            string window = secret.Substring(i, 8);
            if (window.Any(char.IsLetterOrDigit))
            {
                Assert.False(output.Contains(window, StringComparison.Ordinal), $"output contains '{window}' from the secret: {output}");
            }
        }
    }
}
