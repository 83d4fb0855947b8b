namespace SupplyGate.Core.Secrets;

/// <summary>
/// Bits per character of a string's own character distribution. Real keys and tokens are random
/// (4–6 bits); placeholders such as <c>ghp_xxxxxxxx…</c> or <c>AKIAXXXXXXXXXXXXXXXX</c> are not.
/// </summary>
internal static class ShannonEntropy
{
    public static double Of(string value)
    {
        if (value.Length == 0)
        {
            return 0;
        }

        var counts = new Dictionary<char, int>();
        foreach (char c in value)
        {
            counts[c] = counts.GetValueOrDefault(c) + 1;
        }

        double entropy = 0;
        foreach (int count in counts.Values)
        {
            double p = (double)count / value.Length;
            entropy -= p * Math.Log2(p);
        }

        return entropy;
    }
}
