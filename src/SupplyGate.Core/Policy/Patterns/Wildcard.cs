namespace SupplyGate.Core.Policy.Patterns;

/// <summary>
/// Glob matching with <c>*</c> (any run of characters, including none) and nothing else: policy authors
/// write <c>GPL-*</c> or <c>pkg:nuget/Microsoft.*</c>, and a regex dialect would only invite escaping bugs.
/// </summary>
internal static class Wildcard
{
    public static bool IsMatch(string pattern, string value, StringComparison comparison)
    {
        string[] parts = pattern.Split('*');
        if (parts.Length == 1)
        {
            return string.Equals(pattern, value, comparison);
        }

        if (!value.StartsWith(parts[0], comparison))
        {
            return false;
        }

        int position = parts[0].Length;
        for (int i = 1; i < parts.Length - 1; i++)
        {
            if (parts[i].Length == 0)
            {
                continue;
            }

            int found = value.IndexOf(parts[i], position, comparison);
            if (found < 0)
            {
                return false;
            }

            position = found + parts[i].Length;
        }

        string last = parts[^1];
        return value.Length - position >= last.Length && value.EndsWith(last, comparison);
    }
}
